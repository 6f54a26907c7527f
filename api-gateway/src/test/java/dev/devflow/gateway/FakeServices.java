package dev.devflow.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * A loopback HTTP server standing in for the services behind the gateway: it echoes what it
 * received (so tests see exactly what the gateway forwards), answers tenant migrations, and has a
 * slow path. The workflows route points at a closed port, to prove an unreachable upstream.
 */
public class FakeServices implements QuarkusTestResourceLifecycleManager {

  static final List<String> migrations = new CopyOnWriteArrayList<>();
  static volatile boolean failMigrations;

  private HttpServer server;

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/", FakeServices::handle);
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    return Map.of(
        "devflow.gateway.routes.knowledge.upstream",
        url,
        "devflow.gateway.routes.knowledge.timeout",
        "1s",
        "devflow.gateway.routes.knowledge.max-body-size",
        "1K",
        "devflow.gateway.routes.integrations.upstream",
        url,
        "devflow.gateway.routes.mcp.upstream",
        url,
        "devflow.gateway.routes.workflows.upstream",
        "http://127.0.0.1:" + closedPort(),
        "devflow.gateway.routes.workflows.provisioned",
        "false");
  }

  @Override
  public void stop() {
    server.stop(0);
  }

  private static void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (path.startsWith("/internal/tenants/")) {
      if (failMigrations) {
        respond(exchange, 503, "{\"status\":503}");
        return;
      }
      migrations.add(path + " " + exchange.getRequestHeaders().getFirst("Authorization"));
      respond(exchange, 200, "{\"applied\":0}");
      return;
    }
    if (path.endsWith("/slow")) {
      sleep(3_000);
    }
    if (path.endsWith("/refuses-token")) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
      respond(exchange, 401, "{\"status\":401,\"title\":\"Unauthorized\"}");
      return;
    }
    byte[] body = exchange.getRequestBody().readAllBytes();
    String headers =
        exchange.getRequestHeaders().entrySet().stream()
            .map(
                e ->
                    "\""
                        + e.getKey().toLowerCase()
                        + "\":\""
                        + e.getValue().get(0).replace("\"", "'")
                        + "\"")
            .collect(Collectors.joining(","));
    respond(
        exchange,
        "POST".equals(exchange.getRequestMethod()) ? 201 : 200,
        "{\"method\":\""
            + exchange.getRequestMethod()
            + "\",\"path\":\""
            + path
            + "\",\"bodyLength\":"
            + body.length
            + ",\"headers\":{"
            + headers
            + "}}");
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
