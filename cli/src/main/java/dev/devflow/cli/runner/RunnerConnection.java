package dev.devflow.cli.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devflow.cli.home.Build;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The runner's connection to DevFlow: a WebSocket to the gateway's {@code /api/v1/runners/connect}
 * with the runner key, reconnecting with backoff (0.5 s doubling to 30 s) whenever it drops. It
 * says hello with what it serves, carries out commands as they come (each on its own thread, so a
 * slow prompt delivery holds nothing else up), reports its agents every two seconds and pings every
 * fifteen.
 */
final class RunnerConnection {

  private final RunnerSettings settings;
  private final RunnerAgents agents;
  private final PrintStream log;
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final ExecutorService work =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "runner-command");
            t.setDaemon(true);
            return t;
          });
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "runner-timer");
            t.setDaemon(true);
            return t;
          });
  private volatile WebSocket socket;
  private volatile boolean welcomed;

  RunnerConnection(RunnerSettings settings, RunnerAgents agents, PrintStream log) {
    this.settings = settings;
    this.agents = agents;
    this.log = log;
  }

  /** Connects and stays connected until the process ends. */
  void runForever() throws InterruptedException {
    timer.scheduleWithFixedDelay(this::reportSafely, 2, 2, TimeUnit.SECONDS);
    timer.scheduleWithFixedDelay(this::ping, 15, 15, TimeUnit.SECONDS);
    long backoff = 500;
    while (true) {
      CompletableFuture<Void> closed = new CompletableFuture<>();
      try {
        socket = connect(closed).get(20, TimeUnit.SECONDS);
        backoff = 500;
        send(hello());
        closed.get();
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        log.println("devflow runner: connection to " + endpoint() + " lost: " + cause.getMessage());
      }
      welcomed = false;
      socket = null;
      log.println("devflow runner: reconnecting in " + backoff + " ms");
      Thread.sleep(backoff);
      backoff = Math.min(backoff * 2, 30_000);
    }
  }

  private CompletableFuture<WebSocket> connect(CompletableFuture<Void> closed) {
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
      builder.header("Authorization", "Bearer " + settings.apiKey());
    }
    return builder.buildAsync(endpoint(), new Listener(closed));
  }

  URI endpoint() {
    String base = settings.apiUrl().toString().replaceAll("/+$", "");
    return URI.create(base.replaceFirst("^http", "ws") + "/api/v1/runners/connect");
  }

  private ObjectNode hello() {
    ObjectNode hello = json.createObjectNode().put("type", "hello").put("name", settings.name());
    hello.put("version", Build.VERSION);
    List<Map<String, Object>> repositories = new ArrayList<>();
    settings
        .repositories()
        .forEach(
            (name, path) -> repositories.add(Map.of("name", name, "branches", Branches.of(path))));
    hello.set("repositories", json.valueToTree(repositories));
    hello.set("kinds", json.valueToTree(settings.announcedKinds()));
    return hello;
  }

  private final class Listener implements WebSocket.Listener {
    private final CompletableFuture<Void> closed;
    private final StringBuilder partial = new StringBuilder();

    Listener(CompletableFuture<Void> closed) {
      this.closed = closed;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        received(text);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      closed.completeExceptionally(
          new IllegalStateException(
              "closed (" + status + (reason.isBlank() ? "" : ": " + reason) + ")"));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.completeExceptionally(error);
    }
  }

  private void received(String text) {
    JsonNode message;
    try {
      message = json.readTree(text);
    } catch (Exception e) {
      return;
    }
    switch (message.path("type").asText()) {
      case "welcome" -> {
        agents.tenant(message.path("tenant").asText());
        List<Long> live = new ArrayList<>();
        message.path("liveAgents").forEach(n -> live.add(n.asLong()));
        agents.reconcile(live);
        welcomed = true;
        log.println(
            "devflow runner: connected as "
                + settings.name()
                + " (runner "
                + message.path("runnerId").asLong()
                + " of tenant "
                + message.path("tenant").asText()
                + "), serving "
                + settings.repositories().keySet().stream().collect(Collectors.joining(", ")));
      }
      case "command" -> work.execute(() -> command(message));
      case "error" ->
          log.println("devflow runner: DevFlow says: " + message.path("detail").asText());
      default -> {
        // pong and anything newer than this runner
      }
    }
  }

  private void command(JsonNode message) {
    ObjectNode answer =
        json.createObjectNode().put("type", "answer").put("commandId", message.path("id").asLong());
    String type = message.path("command").asText();
    try {
      JsonNode result =
          agents.execute(type, message.path("agentId").asLong(), message.path("payload"));
      answer.put("ok", true).set("result", result);
      if (!"deliver".equals(type)) {
        log.println(
            "devflow runner: " + type + " agent " + message.path("agentId").asLong() + ": ok");
      }
    } catch (RuntimeException e) {
      answer.put("ok", false).put("error", String.valueOf(e.getMessage()));
      log.println(
          "devflow runner: "
              + type
              + " agent "
              + message.path("agentId").asLong()
              + " failed: "
              + e.getMessage());
    }
    send(answer);
  }

  private void reportSafely() {
    try {
      if (welcomed) {
        List<Map<String, Object>> report = agents.report();
        if (!report.isEmpty()) {
          ObjectNode status = json.createObjectNode().put("type", "status");
          status.set("agents", json.valueToTree(report));
          send(status);
        }
      }
    } catch (RuntimeException e) {
      log.println("devflow runner: reporting failed: " + e.getMessage());
    }
  }

  private void ping() {
    if (welcomed) {
      send(json.createObjectNode().put("type", "ping"));
    }
  }

  /** One message at a time: a WebSocket takes the next text only once the last is sent. */
  private synchronized void send(ObjectNode message) {
    WebSocket ws = socket;
    if (ws == null) {
      return;
    }
    try {
      ws.sendText(message.toString(), true).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      ws.abort();
    }
  }
}
