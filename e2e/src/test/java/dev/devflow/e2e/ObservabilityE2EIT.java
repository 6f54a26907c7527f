package dev.devflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operators' view against the stack {@code devflow up} starts: Debian's Prometheus with the
 * project's scrape configuration (deploy/observability/prometheus/prometheus.yml, its targets moved
 * to loopback, scraping every 2 s) and rules, Debian's Alertmanager with the project's routing (its
 * receivers a webhook on loopback in this test). After a short workload every dashboard panel's
 * query returns a series and every rule evaluates without error; then the knowledge hub is stopped
 * (SIGSTOP: the process stays, it answers nothing) until DevflowServiceDown goes pending, fires and
 * reaches Alertmanager's page receiver. Skipped without the binaries unless {@code
 * DEVFLOW_REQUIRE_PROMTOOL=1}.
 */
@ExtendWith(WithDevflowStack.class)
class ObservabilityE2EIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Where each service of the project's scrape configuration listens in local mode. */
  private static final Map<String, String> LOCAL =
      Map.of(
          "api-gateway:8080", "127.0.0.1:3737",
          "knowledge-hub:8282", "127.0.0.1:8282",
          "workflow-engine:8181", "127.0.0.1:8181",
          "mcp-gateway:8051", "127.0.0.1:8051",
          "integration-services:8383", "127.0.0.1:8383");

  @TempDir Path work;

  @Test
  void everyPanelAndRuleHasDataAndAStoppedKnowledgeHubPagesThroughAlertmanager() throws Exception {
    requireBinaries();
    DevflowStack stack = DevflowStack.get();
    Path observability = stack.repo().resolve("deploy/observability");
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer webhook = webhook(received);
    List<Process> started = new ArrayList<>();
    try {
      int alertmanagerPort = freePort();
      started.add(alertmanager(observability, webhook, alertmanagerPort));
      int prometheusPort = freePort();
      started.add(prometheus(observability, alertmanagerPort, prometheusPort));
      String prometheus = "http://127.0.0.1:" + prometheusPort;
      await(
          "Prometheus ready", Duration.ofSeconds(60), () -> status(prometheus + "/-/ready") == 200);
      await(
          "Alertmanager ready",
          Duration.ofSeconds(60),
          () -> status("http://127.0.0.1:" + alertmanagerPort + "/-/ready") == 200);

      workload();
      everyTargetIsUp(prometheus);
      everyPanelHasASeries(prometheus, observability.resolve("grafana/dashboards"));
      everyRuleEvaluates(prometheus);
      aStoppedKnowledgeHubPages(prometheus, stack, received);
    } finally {
      started.forEach(Process::destroy);
      webhook.stop(0);
    }
  }

  private void workload() throws Exception {
    Api api = new Api(DevflowStack.BASE_URL, null);
    String source =
        api.upload(
            "Observability " + System.nanoTime(),
            "slo.md",
            "# Objectives\n\nEach plan has a p95 objective and an availability objective.\n");
    api.awaitIngested(JSON.readTree(source).path("id").asText(), Duration.ofSeconds(120));
    String session = mcp(null, INITIALIZE).headers().firstValue("Mcp-Session-Id").orElseThrow();
    mcp(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    // Twenty seconds of requests: rates over the scrape interval need a few samples.
    Instant end = Instant.now().plusSeconds(20);
    while (Instant.now().isBefore(end)) {
      api.call("GET", "/api/v1/sources", null, 200);
      api.call("GET", "/api/v1/workflows", null, 200);
      api.call("GET", "/api/v1/usage", null, 200);
      api.call("GET", "/api/v1/search?query=availability+objective", null, 200);
      api.call("GET", "/api/v1/no-such-thing", null, 404);
      assertThat(mcp(session, LIST_SOURCES).body()).contains("Observability");
      Thread.sleep(250);
    }
  }

  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"obs\",\"version\":\"1\"}}}";
  private static final String LIST_SOURCES =
      "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
          + "\"list_sources\",\"arguments\":{}}}";

  /** One MCP message through the gateway (streamable HTTP), as an agent sends it. */
  private static HttpResponse<String> mcp(String session, String json) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(DevflowStack.BASE_URL + "/mcp"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (session != null) {
      request.header("Mcp-Session-Id", session);
    }
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 202);
    return response;
  }

  private void everyTargetIsUp(String prometheus) throws Exception {
    await(
        "every job scraped and up",
        Duration.ofSeconds(60),
        () -> {
          JsonNode result = query(prometheus, "up");
          Set<String> up = new TreeSet<>();
          result.forEach(
              s -> {
                if ("1".equals(s.at("/value/1").asText())) {
                  up.add(s.at("/metric/job").asText());
                }
              });
          return up.containsAll(LOCAL.keySet().stream().map(t -> t.split(":")[0]).toList());
        });
  }

  /** Every query of every dashboard returns at least one series (rules evaluate every minute). */
  private void everyPanelHasASeries(String prometheus, Path dashboards) throws Exception {
    Map<String, String> queries = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(dashboards)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        for (JsonNode panel : JSON.readTree(file.toFile()).path("panels")) {
          for (JsonNode target : panel.path("targets")) {
            queries.put(
                target.path("expr").asText(),
                file.getFileName() + ": " + panel.path("title").asText());
          }
        }
      }
    }
    assertThat(queries).hasSizeGreaterThan(40);
    Map<String, String> empty = new LinkedHashMap<>(queries);
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    while (!empty.isEmpty() && Instant.now().isBefore(deadline)) {
      for (String expr : List.copyOf(empty.keySet())) {
        if (query(prometheus, expr).size() > 0) {
          empty.remove(expr);
        }
      }
      if (!empty.isEmpty()) {
        Thread.sleep(5_000);
      }
    }
    assertThat(empty).as("panel queries that returned no series").isEmpty();
    System.out.printf("e2e: %d panel queries, each with at least one series%n", queries.size());
  }

  private void everyRuleEvaluates(String prometheus) throws Exception {
    int[] rules = new int[1];
    await(
        "every rule evaluated without error",
        Duration.ofMinutes(2),
        () -> {
          JsonNode groups = get(prometheus + "/api/v1/rules").at("/data/groups");
          List<String> bad = new ArrayList<>();
          rules[0] = 0;
          for (JsonNode group : groups) {
            for (JsonNode rule : group.path("rules")) {
              rules[0]++;
              if (!"ok".equals(rule.path("health").asText())
                  || rule.path("lastEvaluation").asText().startsWith("0001-")) {
                bad.add(rule.path("name").asText() + " " + rule.path("lastError").asText());
              }
            }
          }
          return bad.isEmpty();
        });
    assertThat(rules[0]).isGreaterThan(60);
    System.out.printf("e2e: %d rules evaluated without error%n", rules[0]);
  }

  private void aStoppedKnowledgeHubPages(
      String prometheus, DevflowStack stack, List<String> received) throws Exception {
    long pid =
        Long.parseLong(Files.readString(stack.home().resolve("run/knowledge-hub.pid")).trim());
    signal("STOP", pid);
    try {
      Instant stopped = Instant.now();
      await(
          "DevflowServiceDown pending",
          Duration.ofSeconds(60),
          () -> alertState(prometheus).equals("pending"));
      await(
          "DevflowServiceDown firing",
          Duration.ofSeconds(120),
          () -> alertState(prometheus).equals("firing"));
      await(
          "DevflowServiceDown at Alertmanager's page receiver",
          Duration.ofSeconds(60),
          () ->
              received.stream()
                  .anyMatch(
                      body ->
                          body.startsWith("/pages ")
                              && body.contains("\"alertname\":\"DevflowServiceDown\"")
                              && body.contains("\"job\":\"knowledge-hub\"")
                              && body.contains("\"status\":\"firing\"")));
      System.out.printf(
          "e2e: knowledge hub stopped -> page at the webhook in %d s%n",
          Duration.between(stopped, Instant.now()).toSeconds());
    } finally {
      signal("CONT", pid);
      await(
          "knowledge hub ready again",
          Duration.ofSeconds(90),
          () -> status("http://127.0.0.1:8282/health/ready") == 200);
    }
  }

  private String alertState(String prometheus) throws Exception {
    for (JsonNode alert : get(prometheus + "/api/v1/alerts").at("/data/alerts")) {
      if ("DevflowServiceDown".equals(alert.at("/labels/alertname").asText())
          && "knowledge-hub".equals(alert.at("/labels/job").asText())) {
        return alert.path("state").asText();
      }
    }
    return "inactive";
  }

  /** The project's Alertmanager configuration, its receivers sent to the webhook, waits cut. */
  private Process alertmanager(Path observability, HttpServer webhook, int port)
      throws IOException {
    String hook = "http://127.0.0.1:" + webhook.getAddress().getPort();
    String config =
        Files.readString(observability.resolve("alertmanager/alertmanager.yml"))
            .replace("http://change-me.example:9000/devflow/pages", hook + "/pages")
            .replace("http://change-me.example:9000/devflow/tickets", hook + "/tickets")
            .replace("group_wait: 30s", "group_wait: 1s");
    assertThat(config).doesNotContain("change-me").contains("group_wait: 1s");
    Path file = work.resolve("alertmanager.yml");
    Files.writeString(file, config);
    Files.createDirectories(work.resolve("alertmanager-data"));
    return daemon(
        "alertmanager",
        List.of(
            "prometheus-alertmanager",
            "--config.file=" + file,
            "--storage.path=" + work.resolve("alertmanager-data"),
            "--web.listen-address=127.0.0.1:" + port,
            "--cluster.listen-address="));
  }

  /** The project's scrape configuration and rules, targets on loopback, every 2 s. */
  private Process prometheus(Path observability, int alertmanagerPort, int port)
      throws IOException {
    String config =
        Files.readString(observability.resolve("prometheus/prometheus.yml"))
            .replace("scrape_interval: 30s", "scrape_interval: 2s\n  scrape_timeout: 1s")
            .replace("evaluation_interval: 30s", "evaluation_interval: 2s")
            .replace(
                "- rules/*.rules.yml",
                "- " + observability.resolve("prometheus/rules") + "/*.rules.yml")
            .replace("alertmanager:9093", "127.0.0.1:" + alertmanagerPort);
    for (Map.Entry<String, String> target : LOCAL.entrySet()) {
      assertThat(config).contains("\"" + target.getKey() + "\"");
      config = config.replace("\"" + target.getKey() + "\"", "\"" + target.getValue() + "\"");
    }
    assertThat(config).contains("scrape_interval: 2s", "evaluation_interval: 2s");
    Path file = work.resolve("prometheus.yml");
    Files.writeString(file, config);
    return daemon(
        "prometheus",
        List.of(
            "prometheus",
            "--config.file=" + file,
            "--storage.tsdb.path=" + work.resolve("prometheus-data"),
            "--web.listen-address=127.0.0.1:" + port));
  }

  private Process daemon(String name, List<String> command) throws IOException {
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(work.resolve(name + ".log").toFile())
        .start();
  }

  private static HttpServer webhook(List<String> received) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received.add(exchange.getRequestURI().getPath() + " " + body);
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    return server;
  }

  private static JsonNode query(String prometheus, String expr) throws Exception {
    JsonNode answer =
        get(prometheus + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
    assertThat(answer.path("status").asText()).as(expr + ": " + answer).isEqualTo("success");
    return answer.at("/data/result");
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  private static int status(String url) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static void signal(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
    assertThat(kill.waitFor()).as("kill -" + signal + " " + pid).isZero();
  }

  interface Check {
    boolean holds() throws Exception;
  }

  private static void await(String what, Duration timeout, Check check) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (!check.holds()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(what + ": not within " + timeout.toSeconds() + " s");
      }
      Thread.sleep(1_000);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void requireBinaries() {
    boolean found =
        Stream.of("prometheus", "prometheus-alertmanager")
            .allMatch(
                tool ->
                    Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                        .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool))));
    if (!found && "1".equals(System.getenv("DEVFLOW_REQUIRE_PROMTOOL"))) {
      throw new AssertionError(
          "prometheus and prometheus-alertmanager are required (DEVFLOW_REQUIRE_PROMTOOL=1):"
              + " apt-get install -y prometheus prometheus-alertmanager");
    }
    assumeTrue(
        found,
        "Debian's prometheus and prometheus-alertmanager are not installed, so this test was"
            + " skipped: apt-get install -y prometheus prometheus-alertmanager");
  }
}
