package dev.devflow.cli.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * MCP over stdio for clients that spawn their server: each JSON-RPC line from stdin is posted to
 * DevFlow's streamable HTTP endpoint and each answer (JSON or SSE) written to stdout as one line.
 * Requests run concurrently after {@code initialize}; a session the gateway forgot (it restarted)
 * is re-established transparently; an unreachable gateway is a JSON-RPC error saying what to do.
 */
public final class McpBridge {

  private static final int UNREACHABLE = -32000;

  private final McpTarget target;
  private final PrintStream out;
  private final BridgeLog log;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final ExecutorService workers =
      Executors.newFixedThreadPool(
          8,
          r -> {
            Thread t = new Thread(r, "mcp-bridge");
            t.setDaemon(true);
            return t;
          });
  private final Object sessionLock = new Object();
  private volatile String sessionId;
  private volatile String protocolVersion;
  private volatile String initializeLine;
  private volatile String initializedLine;

  public McpBridge(McpTarget target, PrintStream out, BridgeLog log) {
    this.target = target;
    this.out = out;
    this.log = log;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /**
   * A bridge writing protocol to this process's stdout and logging to stderr and {@code logFile}.
   * Anything else printing to stdout would corrupt the protocol, so System.out is pointed at
   * stderr.
   */
  public static McpBridge forStdio(McpTarget target, java.nio.file.Path logFile) {
    PrintStream protocol =
        new PrintStream(
            new java.io.FileOutputStream(java.io.FileDescriptor.out),
            false,
            StandardCharsets.UTF_8);
    System.setOut(System.err);
    return new McpBridge(target, protocol, new BridgeLog(System.err, logFile));
  }

  /** Forwards until stdin ends, then closes the session. */
  public int run(InputStream stdin) throws IOException, InterruptedException {
    log.info("forwarding stdio to " + target.endpoint());
    BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (!line.isBlank()) {
        dispatch(line);
      }
    }
    workers.shutdown();
    workers.awaitTermination(60, TimeUnit.SECONDS);
    closeSession();
    log.info("stdin closed; bye");
    return 0;
  }

  private void dispatch(String line) {
    JsonNode message;
    try {
      message = json.readTree(line);
    } catch (JsonProcessingException e) {
      write(error(null, -32700, "Parse error: the line is not JSON"));
      return;
    }
    String method = message.path("method").asText("");
    if ("initialize".equals(method)) {
      initializeLine = line;
      forward(line, message);
    } else if ("notifications/initialized".equals(method)) {
      initializedLine = line;
      forward(line, message);
    } else {
      workers.execute(() -> forward(line, message));
    }
  }

  private void forward(String line, JsonNode message) {
    boolean isRequest = message.hasNonNull("id") && message.has("method");
    String method = message.path("method").asText("response");
    try {
      HttpResponse<InputStream> response = post(line);
      if (response.statusCode() == 404 && sessionId != null && !"initialize".equals(method)) {
        response.body().close();
        log.info("the gateway no longer knows session " + sessionId + "; reconnecting");
        reinitialize();
        response = post(line);
      }
      deliver(response, message, isRequest);
    } catch (IOException e) {
      log.info(
          method
              + ": cannot reach "
              + target.endpoint()
              + " ("
              + e.getClass().getSimpleName()
              + ")");
      if (isRequest) {
        write(error(message.get("id"), UNREACHABLE, unreachableAdvice()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private HttpResponse<InputStream> post(String body) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.endpoint())
            .timeout(Duration.ofMinutes(5))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers(request);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  private void headers(HttpRequest.Builder request) {
    target.apiKey().ifPresent(key -> request.header("Authorization", "Bearer " + key));
    if (sessionId != null) {
      request.header("Mcp-Session-Id", sessionId);
    }
    if (protocolVersion != null) {
      request.header("MCP-Protocol-Version", protocolVersion);
    }
  }

  private void deliver(HttpResponse<InputStream> response, JsonNode message, boolean isRequest)
      throws IOException {
    response.headers().firstValue("Mcp-Session-Id").ifPresent(id -> sessionId = id);
    int status = response.statusCode();
    String type = response.headers().firstValue("Content-Type").orElse("");
    try (InputStream body = response.body()) {
      if (status == 202 || status == 204) {
        return;
      }
      if (status >= 400) {
        refused(
            status, new String(body.readAllBytes(), StandardCharsets.UTF_8), message, isRequest);
      } else if (type.startsWith("text/event-stream")) {
        ServerSentEvents.read(body, this::fromServer);
      } else {
        fromServer(new String(body.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
  }

  private void fromServer(String data) {
    try {
      JsonNode answer = json.readTree(data);
      JsonNode version = answer.path("result").path("protocolVersion");
      if (version.isTextual()) {
        protocolVersion = version.asText();
      }
      write(answer.toString());
    } catch (JsonProcessingException e) {
      log.info("ignored a non-JSON message from the gateway");
    }
  }

  private void refused(int status, String body, JsonNode message, boolean isRequest) {
    JsonNode parsed = null;
    try {
      parsed = json.readTree(body);
    } catch (JsonProcessingException e) {
      // not JSON: described by status alone
    }
    if (parsed != null && parsed.has("jsonrpc")) {
      write(parsed.toString());
      return;
    }
    String detail =
        parsed == null
            ? ""
            : parsed.path("title").asText("") + ": " + parsed.path("detail").asText("");
    String advice = status == 401 || status == 403 ? " " + authAdvice() : "";
    String text = "DevFlow refused the request (HTTP " + status + ") " + detail + advice;
    log.info(message.path("method").asText("response") + ": HTTP " + status);
    if (isRequest) {
      write(error(message.get("id"), UNREACHABLE, text.strip()));
    }
  }

  private void reinitialize() throws IOException, InterruptedException {
    synchronized (sessionLock) {
      sessionId = null;
      if (initializeLine == null) {
        return;
      }
      HttpResponse<InputStream> init = post(initializeLine);
      init.headers().firstValue("Mcp-Session-Id").ifPresent(id -> sessionId = id);
      init.body().close();
      if (initializedLine != null) {
        post(initializedLine).body().close();
      }
    }
  }

  private void closeSession() {
    if (sessionId == null) {
      return;
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.endpoint()).timeout(Duration.ofSeconds(5)).DELETE();
    headers(request);
    try {
      http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      // the gateway is gone already: nothing to close
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String unreachableAdvice() {
    return "Cannot reach DevFlow's MCP gateway at "
        + target.endpoint()
        + (target.endpoint().equals(McpTarget.LOCAL)
            ? ". Start DevFlow with `devflow up` (check it with `devflow status`) and try again."
            : ". Check DEVFLOW_API_URL and the network, then try again.");
  }

  private String authAdvice() {
    return target.apiKey().isPresent()
        ? "Check that DEVFLOW_API_KEY is a valid, unrevoked key of your tenant."
        : "Set DEVFLOW_API_KEY to one of your tenant's API keys.";
  }

  private String error(JsonNode id, int code, String message) {
    ObjectNode error = json.createObjectNode().put("jsonrpc", "2.0");
    error.set("id", id);
    error.putObject("error").put("code", code).put("message", message);
    return error.toString();
  }

  private void write(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
