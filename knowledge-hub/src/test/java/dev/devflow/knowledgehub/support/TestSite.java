package dev.devflow.knowledgehub.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small documentation site served on 127.0.0.1 by the JDK's HTTP server: pages can be changed or
 * removed while it runs, redirects and slow pages are supported, and every request is counted.
 */
public final class TestSite implements AutoCloseable {

  private record Resource(
      int status, String contentType, String body, String location, byte[] raw) {
    Resource(int status, String contentType, String body, String location) {
      this(status, contentType, body, location, null);
    }
  }

  private final HttpServer server;
  private final Map<String, Resource> resources = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private volatile long delayMillis;
  private final Map<String, AtomicInteger> drops = new ConcurrentHashMap<>();
  private volatile boolean closing;

  public TestSite() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext(
        "/",
        exchange -> {
          String path =
              exchange.getRequestURI().getRawPath()
                  + (exchange.getRequestURI().getRawQuery() == null
                      ? ""
                      : "?" + exchange.getRequestURI().getRawQuery());
          hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
          AtomicInteger drop = drops.get(path);
          if (drop != null && drop.getAndDecrement() > 0) {
            exchange.close(); // no response at all: the connection just ends
            return;
          }
          Resource r = resources.get(path);
          if (delayMillis > 0 && path.endsWith(".html")) {
            try {
              Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          if (r == null) {
            r = new Resource(404, "text/plain", "not found", null);
          }
          byte[] body = r.raw() != null ? r.raw() : r.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", r.contentType());
          if (closing) {
            exchange.getResponseHeaders().add("Connection", "close");
          }
          if (r.location() != null) {
            exchange.getResponseHeaders().add("Location", r.location());
          }
          exchange.sendResponseHeaders(r.status(), body.length == 0 ? -1 : body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public TestSite page(String path, String html) {
    resources.put(path, new Resource(200, "text/html; charset=utf-8", html, null));
    return this;
  }

  public TestSite resource(String path, String contentType, String body) {
    resources.put(path, new Resource(200, contentType, body, null));
    return this;
  }

  /** A resource served as exactly these bytes, for pages in other encodings. */
  public TestSite bytes(String path, String contentType, byte[] body) {
    resources.put(path, new Resource(200, contentType, "", null, body));
    return this;
  }

  public TestSite redirect(String path, String location) {
    resources.put(path, new Resource(302, "text/plain", "", location));
    return this;
  }

  public TestSite remove(String path) {
    resources.remove(path);
    return this;
  }

  /**
   * The next requests for the path get their connection closed without any response. Meanwhile
   * every response closes its connection, as an HTTP/1.0 server's do.
   */
  public TestSite drop(String path, int times) {
    drops.put(path, new AtomicInteger(times));
    closing = true;
    return this;
  }

  public TestSite slow(long millis) {
    this.delayMillis = millis;
    return this;
  }

  public int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  /** An HTML page with site chrome (nav, header, footer) around the content. */
  public static String html(String title, String content) {
    return """
        <!doctype html><html><head><title>%s</title></head><body>
        <header class="site-header">Acme Docs HEADERWORD</header>
        <nav><a href="/docs/index.html">Home</a> NAVWORD menu</nav>
        <div class="sidebar">SIDEBARWORD</div>
        <main>%s</main>
        <footer>Copyright FOOTERWORD</footer>
        </body></html>
        """
        .formatted(title, content);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
