package dev.devflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * How fast agents get going, measured on the real stack with the real CLIs and the scripted model
 * (not run by CI; bench/agents/run.sh). Per CLI and mode: the spawn call, the CLI's start until its
 * first model request (prompt delivery included for interactive ones), the first DevFlow tool
 * call's round trip (MCP connect included), and spawn to that tool's result. Then, in SaaS mode,
 * spawns through a connected {@code devflow runner}: the API call until the runner has started the
 * agent's tmux session on its machine. Prints BENCH lines.
 */
@ExtendWith(WithDevflowStack.class)
class AgentStartBench {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int AGENTS = Integer.getInteger("bench.agents.count", 10);
  private static final int DISPATCHES = Integer.getInteger("bench.agents.dispatches", 30);

  /** One CLI and mode only ({@code opencode:interactive}); all four when blank. */
  private static final String ONLY = System.getProperty("bench.agents.only", "");

  @TempDir Path work;

  @Test
  void fromSpawnToTheFirstDevflowToolCall() throws Exception {
    DevflowStack stack = DevflowStack.get();
    Api api = new Api(stack.baseUrl(), null);
    try (ScriptedModel model = ScriptedModel.start(work.resolve("model"))) {
      api.call("PUT", "/api/v1/agent-kinds/claude-code", AgentClis.claudeKind(model), 200);
      api.call(
          "PUT",
          "/api/v1/agent-kinds/opencode",
          AgentClis.opencodeKind(AgentClis.opencodeConfigHome(work, model)),
          200);
      Path repo = GitRepos.aRepository(Files.createDirectories(work.resolve("git")));
      long workflow =
          JSON.readTree(
                  api.call(
                      "POST",
                      "/api/v1/workflows",
                      "{\"format\":\"yaml\",\"source\":\"name: bench-"
                          + System.nanoTime()
                          + "\\nphases:\\n  - name: implement\\n\"}",
                      201))
              .path("id")
              .asLong();
      long run = api.startRun(workflow, repo);
      for (String[] cli :
          List.of(
              new String[] {"claude-code", "interactive"},
              new String[] {"claude-code", "headless"},
              new String[] {"opencode", "interactive"},
              new String[] {"opencode", "headless"})) {
        if (ONLY.isBlank() || ONLY.equals(cli[0] + ":" + cli[1])) {
          measure(api, model, run, cli[0], cli[1]);
        }
      }
    }
  }

  private void measure(Api api, ScriptedModel model, long run, String kind, String mode)
      throws Exception {
    List<Double> spawn = new ArrayList<>();
    List<Double> cliStart = new ArrayList<>();
    List<Double> toolRoundTrip = new ArrayList<>();
    List<Double> firstTool = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      String file = kind + "-" + mode + "-" + i + ".txt";
      long task =
          JSON.readTree(
                  api.call(
                      "POST",
                      "/api/v1/runs/" + run + "/tasks",
                      JSON.writeValueAsString(
                          Map.of(
                              "phase", "implement",
                              "title", "Bench " + file,
                              "description", "FILE:" + file + " TEXT:bench")),
                      201))
              .path("id")
              .asLong();
      long started = System.currentTimeMillis();
      api.call(
          "POST",
          "/api/v1/runs/" + run + "/agents",
          JSON.writeValueAsString(Map.of("kind", kind, "mode", mode, "taskId", task)),
          201);
      spawn.add((double) (System.currentTimeMillis() - started));
      JsonNode result = awaitTool(model, task, Duration.ofSeconds(60));
      List<JsonNode> turns = model.turns(task);
      JsonNode call = null;
      for (JsonNode turn : turns) {
        if (turn.path("step").asText().endsWith("get_current_phase")) {
          call = turn;
          break;
        }
      }
      cliStart.add((double) (turns.get(0).path("t").asLong() - started));
      toolRoundTrip.add((double) (result.path("t").asLong() - call.path("t").asLong()));
      firstTool.add((double) (result.path("t").asLong() - started));
      awaitDone(api, task);
    }
    System.out.printf(
        "BENCH agents %s %s (%d agents): spawn call p50 %.0f p95 %.0f ms; CLI start to its first"
            + " model request p50 %.0f p95 %.0f ms; first DevFlow tool call round trip (MCP"
            + " connect included) p50 %.0f p95 %.0f ms; spawn to first DevFlow tool result p50"
            + " %.0f p95 %.0f ms%n",
        kind,
        mode,
        AGENTS,
        pct(spawn, 50),
        pct(spawn, 95),
        pct(cliStart, 50),
        pct(cliStart, 95),
        pct(toolRoundTrip, 50),
        pct(toolRoundTrip, 95),
        pct(firstTool, 50),
        pct(firstTool, 95));
  }

  @Test
  void runnerDispatchFromTheApiCallToTheLocalSpawn() throws Exception {
    DevflowStack stack = DevflowStack.get();
    try (SaasStack saas = SaasStack.start(stack, stack.logs().resolve("saas-bench"))) {
      Commands.Result admin =
          stack.devflow("create-admin", "--email", "bench-" + System.nanoTime() + "@e2e.test");
      Matcher platform = Pattern.compile("(dfk_\\S+)").matcher(admin.output());
      assertThat(platform.find()).isTrue();
      String slug = "bench_" + Long.toString(System.nanoTime() % 100_000_000L, 36);
      String created =
          new Api(saas.gatewayUrl(), platform.group(1))
              .call(
                  "POST",
                  "/api/v1/tenants",
                  "{\"slug\":\""
                      + slug
                      + "\",\"name\":\"bench\",\"plan\":\"enterprise\","
                      + "\"adminEmail\":\"admin@"
                      + slug.replace('_', '-')
                      + ".test\"}",
                  201);
      Api api = new Api(saas.gatewayUrl(), JSON.readTree(created).path("apiKey").asText());
      String runnerKey =
          JSON.readTree(
                  api.call(
                      "POST", "/api/v1/keys", "{\"name\":\"bench\",\"scopes\":[\"runner\"]}", 201))
              .path("apiKey")
              .asText();
      Path repo = GitRepos.aRepository(Files.createDirectories(work.resolve("runner-repo")));
      Path script =
          stack.repo().resolve("workflow-engine/src/test/resources/agents/scripted-agent.sh");
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-jar",
                  stack.repo().resolve("cli/target/devflow-cli.jar").toString(),
                  "runner",
                  "--api-url",
                  saas.gatewayUrl(),
                  "--name",
                  "bench-laptop",
                  "--repo",
                  "web=" + repo,
                  "--agent-kind",
                  "heartbeat=generic:bash," + script + ",heartbeat")
              .redirectErrorStream(true)
              .redirectOutput(work.resolve("runner.log").toFile());
      builder.environment().put("DEVFLOW_API_KEY", runnerKey);
      builder.environment().put("DEVFLOW_HOME", work.resolve("runner-home").toString());
      Process runner = builder.start();
      try {
        dispatch(api, repo);
      } finally {
        runner.destroy();
        Commands.killTmuxServers(work.resolve("runner-home/runner/tmux"));
      }
    }
  }

  private void dispatch(Api api, Path repo) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!api.call("GET", "/api/v1/runners", null, 200).contains("\"connected\":true")) {
      assertThat(System.nanoTime()).as("the runner connects").isLessThan(deadline);
      Thread.sleep(200);
    }
    long workflow =
        JSON.readTree(
                api.call(
                    "POST",
                    "/api/v1/workflows",
                    "{\"format\":\"yaml\",\"source\":\"name: dispatch\\nphases:\\n  - name: implement\\n\"}",
                    201))
            .path("id")
            .asLong();
    long run =
        JSON.readTree(
                api.call(
                    "POST",
                    "/api/v1/runs",
                    "{\"workflowId\":"
                        + workflow
                        + ",\"repository\":\"web\",\"baseBranch\":\"main\"}",
                    201))
            .path("id")
            .asLong();
    List<Double> latencies = new ArrayList<>();
    for (int i = 0; i < DISPATCHES; i++) {
      long task =
          JSON.readTree(
                  api.call(
                      "POST",
                      "/api/v1/runs/" + run + "/tasks",
                      "{\"phase\":\"implement\",\"title\":\"dispatch " + i + "\"}",
                      201))
              .path("id")
              .asLong();
      long started = System.nanoTime();
      JsonNode agent =
          JSON.readTree(
              api.call(
                  "POST",
                  "/api/v1/runs/" + run + "/agents",
                  "{\"kind\":\"heartbeat\",\"taskId\":" + task + "}",
                  201));
      latencies.add((System.nanoTime() - started) / 1e6);
      api.call("POST", "/api/v1/agents/" + agent.path("id").asLong() + "/cancel", "{}", 200);
    }
    System.out.printf(
        "BENCH runner dispatch (%d spawns through the gateway, engine and runner until the agent's"
            + " tmux session runs on the runner's machine): p50 %.0f ms, p95 %.0f ms, max %.0f ms%n",
        DISPATCHES, pct(latencies, 50), pct(latencies, 95), pct(latencies, 100));
  }

  private static JsonNode awaitTool(ScriptedModel model, long task, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode after = model.afterTool(task, "get_current_phase");
      if (after != null) {
        return after;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no DevFlow tool call for task " + task + ": " + model.turns(task));
  }

  private static void awaitDone(Api api, long task) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      String status =
          JSON.readTree(api.call("GET", "/api/v1/tasks/" + task, null, 200))
              .path("status")
              .asText();
      if (List.of("done", "failed", "blocked").contains(status)) {
        return;
      }
      Thread.sleep(200);
    }
  }

  static double pct(List<Double> values, int p) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
