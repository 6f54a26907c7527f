package dev.devflow.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A small documentation site on 127.0.0.1 (port 0) for the knowledge hub to crawl: an index page
 * linking {@code pages} topic pages, each with headings, prose and a code block naming {@link
 * #WORD}, a word found nowhere else.
 */
public final class LoopbackSite implements AutoCloseable {

  /** The word every topic page is about. */
  public static final String WORD = "quokka";

  private final HttpServer server;

  public LoopbackSite(int pages) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> serve(exchange, pages));
    server.start();
  }

  public String indexUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/docs/index.html";
  }

  private static void serve(HttpExchange exchange, int pages) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String body;
    if (path.equals("/docs/index.html")) {
      body =
          page(
              "Loopback docs",
              "<h1>Loopback docs</h1><p>Guides for the scheduler.</p><ul>"
                  + IntStream.rangeClosed(1, pages)
                      .mapToObj(
                          i -> "<li><a href=\"topic-" + i + ".html\">Topic " + i + "</a></li>")
                      .collect(Collectors.joining())
                  + "</ul>");
    } else if (path.matches("/docs/topic-\\d+\\.html")) {
      String n = path.replaceAll("\\D", "");
      body =
          page(
              "Topic " + n,
              "<h1>Topic "
                  + n
                  + "</h1><h2>Retries</h2><p>The "
                  + WORD
                  + " scheduler retries job "
                  + n
                  + " with a backoff; the "
                  + WORD
                  + " timeout is configurable per queue.</p><pre><code class=\"language-java\">"
                  + WORD
                  + ".retry("
                  + n
                  + ");</code></pre><p><a href=\"index.html\">All topics</a></p>");
    } else {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
      return;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String page(String title, String body) {
    return "<!doctype html><html><head><title>"
        + title
        + "</title></head><body>"
        + body
        + "</body></html>";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
