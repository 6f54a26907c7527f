package dev.devflow.cli.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stdio bridge's protocol handling against a loopback streamable-HTTP endpoint that answers the
 * way the mcp-gateway does (JSON or SSE, session header, 404 for a forgotten session). The
 * end-to-end test drives the real gateway through it with the TypeScript SDK.
 */
class McpBridgeTest {

  static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\"}}";
  static final String INITIALIZED =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
  static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

  private HttpServer server;
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final AtomicInteger sessions = new AtomicInteger();
  private volatile boolean forgetSessions;
  private volatile boolean refuse;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void forwardsJsonAndSseAnswersAndKeepsTheSession() throws Exception {
    List<String> out = run(target(), INIT, INITIALIZED, LIST);
    assertThat(out).hasSize(2);
    assertThat(out.get(0)).contains("\"protocolVersion\":\"2025-11-25\"");
    assertThat(out.get(1)).contains("\"tools\"").contains("\"id\":2");
    assertThat(seen)
        .contains("tools/list session=s1 version=2025-11-25 auth=none")
        .contains("DELETE session=s1");
  }

  @Test
  void reconnectsWhenTheGatewayForgotTheSession() throws Exception {
    forgetSessions = true;
    List<String> out = run(target(), INIT, INITIALIZED, LIST);
    assertThat(out.get(1)).contains("\"tools\"");
    assertThat(sessions.get()).isEqualTo(2);
  }

  @Test
  void anUnreachableGatewayIsAJsonRpcErrorWithAdvice() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    McpTarget dead =
        new McpTarget(URI.create("http://127.0.0.1:" + port + "/mcp"), Optional.empty());
    List<String> out = run(dead, INIT);
    assertThat(out)
        .singleElement()
        .asString()
        .contains("\"id\":1")
        .contains("-32000")
        .contains("Cannot reach");
  }

  @Test
  void aRefusedKeyIsAJsonRpcErrorNamingTheKey() throws Exception {
    refuse = true;
    McpTarget remote = new McpTarget(target().endpoint(), Optional.of("dfk_bad"));
    List<String> out = run(remote, INIT);
    assertThat(out).singleElement().asString().contains("HTTP 401").contains("DEVFLOW_API_KEY");
    assertThat(seen).anyMatch(s -> s.endsWith("auth=Bearer dfk_bad"));
  }

  @Test
  void remoteModeNeedsAKeyAndUsesTheGatewaysMcpPath() {
    assertThatThrownBy(
            () -> McpTarget.from(null, Map.of("DEVFLOW_API_URL", "https://devflow.example.com")))
        .hasMessageContaining("DEVFLOW_API_KEY");
    McpTarget remote =
        McpTarget.from(
            null,
            Map.of("DEVFLOW_API_URL", "https://devflow.example.com/", "DEVFLOW_API_KEY", "dfk_x"));
    assertThat(remote.endpoint()).hasToString("https://devflow.example.com/mcp");
    assertThat(McpTarget.from(null, Map.of()).endpoint()).isEqualTo(McpTarget.LOCAL);
  }

  private List<String> run(McpTarget target, String... lines) throws Exception {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    McpBridge bridge =
        new McpBridge(
            target,
            new PrintStream(stdout, true, StandardCharsets.UTF_8),
            new BridgeLog(new PrintStream(new ByteArrayOutputStream()), null));
    bridge.run(
        new ByteArrayInputStream(
            (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)));
    String text = stdout.toString(StandardCharsets.UTF_8).strip();
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }

  private McpTarget target() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/mcp", this::answer);
    server.start();
    return new McpTarget(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp"), Optional.empty());
  }

  private void answer(HttpExchange exchange) throws IOException {
    String session = exchange.getRequestHeaders().getFirst("Mcp-Session-Id");
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if ("DELETE".equals(exchange.getRequestMethod())) {
      seen.add("DELETE session=" + session);
      send(exchange, 200, "text/plain", "");
      return;
    }
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String method = body.replaceAll(".*\"method\":\"([^\"]+)\".*", "$1");
    seen.add(
        method
            + " session="
            + session
            + " version="
            + exchange.getRequestHeaders().getFirst("MCP-Protocol-Version")
            + " auth="
            + (auth == null ? "none" : auth));
    if (refuse) {
      send(
          exchange,
          401,
          "application/problem+json",
          "{\"title\":\"Unauthorized\",\"detail\":\"Unknown API key.\"}");
    } else if (method.equals("initialize")) {
      exchange.getResponseHeaders().add("Mcp-Session-Id", "s" + sessions.incrementAndGet());
      send(
          exchange,
          200,
          "application/json",
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{}}}");
    } else if (method.equals("notifications/initialized")) {
      send(exchange, 202, "text/plain", "");
    } else if (forgetSessions && "s1".equals(session)) {
      send(exchange, 404, "text/plain", "");
    } else {
      send(
          exchange,
          200,
          "text/event-stream",
          "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[]}}\n\n");
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }
}
