package dev.devflow.workflowengine.bench;

import static dev.devflow.workflowengine.support.EngineApi.aFileTask;
import static dev.devflow.workflowengine.support.EngineApi.aRun;
import static dev.devflow.workflowengine.support.TestRepos.aRepo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.agents.AgentState;
import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.workflowengine.agent.TmuxAgentRuntime;
import dev.devflow.workflowengine.config.EngineConfig;
import dev.devflow.workflowengine.guardian.Guardian;
import dev.devflow.workflowengine.support.EngineTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Agent spawn latency (POST .../agents until the agent's tmux session runs; target p95 under 300
 * ms, the agent's own start-up excluded) and the Guardian's cost with 20 agents (target under 5% of
 * one core at the default 60 s interval). Not run by CI; see bench/workflows/README.md.
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(EngineTestResource.class)
class AgentSpawnBench {

  private static final int AGENTS = 20;
  private static final int SWEEPS = 10;

  @Inject Guardian guardian;
  @Inject TmuxAgentRuntime runtime;
  @Inject EngineConfig config;

  @Test
  void spawnLatencyAndGuardianCost() throws Exception {
    Path repo = aRepo();
    long run = aRun(repo);
    // Warm-up: one spawn and cancel.
    cancel(spawn(run, aFileTask(run, "warm.txt", "w")).getLong("id"));

    List<Double> latencies = new ArrayList<>();
    List<JsonPath> agents = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      long task = aFileTask(run, "f" + i + ".txt", "x");
      long start = System.nanoTime();
      JsonPath agent = spawn(run, task);
      latencies.add((System.nanoTime() - start) / 1e6);
      assertThat(runtime.snapshot(agent.getString("session")).state().liveness())
          .isEqualTo(AgentState.Liveness.RUNNING);
      agents.add(agent);
    }
    BenchSupport.print(
        String.format(
            "spawn latency to a running session over %d agents: p50 %s, p95 %s, max %s",
            AGENTS,
            BenchSupport.ms(BenchSupport.percentile(latencies, 50)),
            BenchSupport.ms(BenchSupport.percentile(latencies, 95)),
            BenchSupport.ms(BenchSupport.percentile(latencies, 100))));

    Thread.sleep(2000); // let prompt delivery settle so it is not counted as Guardian work
    measureGuardian();
    for (JsonPath agent : agents) {
      cancel(agent.getLong("id"));
    }
  }

  private void measureGuardian() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    // One tmux server per agent: their CPU is summed.
    List<String> tmuxPids = tmuxServers();
    long[] selfBefore = BenchSupport.procStat("/proc/self/stat");
    long[] tmuxBefore = sum(tmuxPids);
    long cpuBefore = threads.getCurrentThreadCpuTime();
    long wallBefore = System.nanoTime();
    int inspected = 0;
    for (int i = 0; i < SWEEPS; i++) {
      inspected += guardian.sweep();
    }
    double wallMs = (System.nanoTime() - wallBefore) / 1e6 / SWEEPS;
    double jvmMs = (threads.getCurrentThreadCpuTime() - cpuBefore) / 1e6 / SWEEPS;
    long[] selfAfter = BenchSupport.procStat("/proc/self/stat");
    long[] tmuxAfter = sum(tmuxPids);
    double tick = 10.0; // ms per clock tick (USER_HZ 100)
    double childrenMs =
        ((selfAfter[2] - selfBefore[2]) + (selfAfter[3] - selfBefore[3])) * tick / SWEEPS;
    double tmuxMs =
        ((tmuxAfter[0] - tmuxBefore[0]) + (tmuxAfter[1] - tmuxBefore[1])) * tick / SWEEPS;
    double totalMs = jvmMs + childrenMs + tmuxMs;
    BenchSupport.print(
        String.format(
            "guardian sweep of %d agents: wall %s, CPU %s (JVM thread %s + tmux/git clients %s +"
                + " tmux servers %s); at the 60 s interval that is %.3f%% of one core, at 10 s %.2f%%",
            inspected / SWEEPS,
            BenchSupport.ms(wallMs),
            BenchSupport.ms(totalMs),
            BenchSupport.ms(jvmMs),
            BenchSupport.ms(childrenMs),
            BenchSupport.ms(tmuxMs),
            totalMs / 60_000 * 100,
            totalMs / 10_000 * 100));
  }

  private List<String> tmuxServers() {
    var r =
        dev.devflow.agents.process.Processes.run(
            List.of("pgrep", "-f", "tmux -S " + config.tmuxSocketDir()), null);
    return r.stdout().isBlank() ? List.of() : List.of(r.stdout().strip().split("\n"));
  }

  private static long[] sum(List<String> pids) {
    long[] total = new long[2];
    for (String pid : pids) {
      long[] stat = BenchSupport.procStat("/proc/" + pid.strip() + "/stat");
      total[0] += stat[0];
      total[1] += stat[1];
    }
    return total;
  }

  private static JsonPath spawn(long run, long task) {
    return given()
        .contentType("application/json")
        .body(Map.of("kind", "idle", "taskId", task))
        .post("/api/v1/runs/" + run + "/agents")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  private static void cancel(long agent) {
    given()
        .contentType("application/json")
        .body("{}")
        .post("/api/v1/agents/" + agent + "/cancel")
        .then()
        .statusCode(200);
  }
}
