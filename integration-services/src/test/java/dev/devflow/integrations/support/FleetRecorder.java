package dev.devflow.integrations.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP server speaking the two DevFlow APIs integration-services calls (knowledge hub
 * uploads, workflow engine tasks) and recording every request. The real services are separate
 * Quarkus applications that cannot run inside this module's test JVM; their own suites test their
 * side of these APIs.
 */
public final class FleetRecorder {

  /** One request as received. */
  public record Request(String method, String path, String authorization, String body) {

    /** The names of the files of a multipart upload. */
    public List<String> fileNames() {
      List<String> names = new ArrayList<>();
      Matcher m = Pattern.compile("filename=\"([^\"]+)\"").matcher(body);
      while (m.find()) {
        names.add(m.group(1));
      }
      return names;
    }
  }

  private static final Pattern FILES = Pattern.compile("/api/v1/sources/([0-9a-f-]{36})/files");
  private static final Pattern TASKS = Pattern.compile("/api/v1/runs/(\\d+)/tasks");

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicLong taskIds = new AtomicLong(100);

  private FleetRecorder(HttpServer server) {
    this.server = server;
  }

  static FleetRecorder start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      FleetRecorder recorder = new FleetRecorder(server);
      server.createContext("/", recorder::handle);
      server.start();
      return recorder;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Upload requests whose files include one whose name starts with the prefix. */
  public List<Request> uploadsOf(String filePrefix) {
    return requests.stream()
        .filter(r -> r.path().startsWith("/api/v1/sources"))
        .filter(r -> r.fileNames().stream().anyMatch(n -> n.startsWith(filePrefix)))
        .toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = exchange.getRequestURI().getPath();
    requests.add(
        new Request(
            exchange.getRequestMethod(),
            path,
            exchange.getRequestHeaders().getFirst("Authorization"),
            body));
    Matcher files = FILES.matcher(path);
    Matcher tasks = TASKS.matcher(path);
    if (path.equals("/api/v1/sources/uploads")) {
      UUID source = UUID.randomUUID();
      reply(
          exchange,
          201,
          "{\"sourceId\":\"" + source + "\",\"jobId\":\"" + UUID.randomUUID() + "\",\"files\":[]}");
    } else if (files.matches()) {
      reply(
          exchange,
          201,
          "{\"sourceId\":\""
              + files.group(1)
              + "\",\"jobId\":\""
              + UUID.randomUUID()
              + "\",\"files\":[]}");
    } else if (tasks.matches() && tasks.group(1).equals("404")) {
      exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
      reply(exchange, 404, "{\"status\":404,\"title\":\"Not found\",\"detail\":\"No run 404.\"}");
    } else if (tasks.matches()) {
      reply(
          exchange,
          201,
          "{\"id\":"
              + taskIds.incrementAndGet()
              + ",\"runId\":"
              + tasks.group(1)
              + ",\"status\":\"queued\"}");
    } else {
      reply(exchange, 404, "{\"status\":404}");
    }
  }

  private static void reply(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
    }
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
