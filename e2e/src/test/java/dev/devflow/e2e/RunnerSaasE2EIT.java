package dev.devflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The spec's SaaS shape: the gateway, engine and MCP gateway in saas mode, and on each "developer's
 * machine" a {@code devflow runner} with a runner key of its tenant, serving a local checkout.
 * Tenant A's agent (the real OpenCode, headless, on the scripted model) runs on A's runner, reaches
 * DevFlow's MCP tools through the gateway with its own token, and A's runner merges it locally;
 * tenant B's runner, serving a checkout of the same name, never hears of it.
 */
@ExtendWith(WithDevflowStack.class)
class RunnerSaasE2EIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  // Not a @TempDir: OpenCode installs its plugin package into its config home in the background,
  // and JUnit fails the class when that is still writing while it deletes the directory.
  static Path work;
  static SaasStack saas;
  static ScriptedModel model;
  static String adminA;
  static String adminB;
  static Path repoA;
  static Path repoB;
  static Process runnerA;
  static Process runnerB;
  static Path logA;
  static Path logB;

  @BeforeAll
  static void twoTenantsWithARunnerEach() throws Exception {
    work = Files.createTempDirectory("devflow-e2e-runners");
    DevflowStack stack = DevflowStack.get();
    saas = SaasStack.start(stack, stack.logs().resolve("saas-runners"));
    Commands.Result admin = stack.devflow("create-admin", "--email", "runners@e2e.devflow.test");
    Matcher platformKey = Pattern.compile("(dfk_\\S+)").matcher(admin.output());
    assertThat(platformKey.find()).as(admin.output()).isTrue();
    adminA = tenant(platformKey.group(1), "run_alpha");
    adminB = tenant(platformKey.group(1), "run_beta");
    model = ScriptedModel.start(work.resolve("model"));
    Path xdg = AgentClis.opencodeConfigHome(work, model);
    repoA = GitRepos.aRepository(Files.createDirectories(work.resolve("a")));
    repoB = GitRepos.aRepository(Files.createDirectories(work.resolve("b")));
    logA = work.resolve("runner-a.log");
    logB = work.resolve("runner-b.log");
    runnerA = runner(stack, runnerKey(adminA), "alpha-laptop", repoA, xdg, logA);
    runnerB = runner(stack, runnerKey(adminB), "beta-laptop", repoB, xdg, logB);
    awaitConnected(adminA, "alpha-laptop");
    awaitConnected(adminB, "beta-laptop");
  }

  @AfterAll
  static void stop() {
    for (Process p : new Process[] {runnerA, runnerB}) {
      if (p != null) {
        p.destroy();
      }
    }
    for (String name : new String[] {"alpha-laptop", "beta-laptop"}) {
      Commands.killTmuxServers(work.resolve(name + "-home/runner/tmux"));
    }
    if (model != null) {
      model.close();
    }
    if (saas != null) {
      saas.close();
    }
    Commands.deleteQuietly(work);
  }

  @Test
  void aRunnerCompletesTenantAsTaskWhileTenantBsRunnerNeverReceivesIt() throws Exception {
    Api a = new Api(saas.gatewayUrl(), adminA);
    long run = run(a, "web");
    long task =
        id(
            a.call(
                "POST",
                "/api/v1/runs/" + run + "/tasks",
                "{\"phase\":\"implement\",\"title\":\"Write it on the laptop\","
                    + "\"description\":\"FILE:runner.txt TEXT:written on alpha's laptop\"}",
                201));
    long started = System.nanoTime();
    JsonNode agent =
        JSON.readTree(
            a.call(
                "POST",
                "/api/v1/runs/" + run + "/agents",
                "{\"kind\":\"opencode\",\"mode\":\"headless\",\"taskId\":" + task + "}",
                201));
    long dispatchedMs = (System.nanoTime() - started) / 1_000_000;
    assertThat(agent.path("status").asText()).isEqualTo("running");
    assertThat(agent.path("runnerId").asLong()).isPositive();
    assertThat(agent.path("worktreePath").asText()).startsWith(work.resolve("a").toString());

    JsonNode done = awaitTask(a, task, Duration.ofSeconds(60));
    assertThat(done.path("status").asText())
        .as("%s\nrunner A:\n%s", done, Files.readString(logA))
        .isEqualTo("done");
    assertThat(done.path("mergeCommit").asText()).isNotBlank();
    // Merged on A's machine, in A's checkout; B's checkout of the same name untouched.
    assertThat(Files.readString(repoA.resolve("runner.txt")))
        .isEqualTo("written on alpha's laptop\n");
    assertThat(repoB.resolve("runner.txt")).doesNotExist();
    assertThat(Files.readString(logB)).doesNotContain("start agent").doesNotContain("merge agent");
    assertThat(Files.readString(logA))
        .contains("start agent " + agent.path("id").asLong() + ": ok");
    // The agent reached DevFlow's tools through the gateway with its own token.
    assertThat(model.afterTool(task, "get_current_phase")).isNotNull();
    assertThat(model.afterTool(task, "claim_next_task").path("previous").path("result").asText())
        .contains("task " + task + " ");
    System.out.printf(
        "runner e2e: spawn through the runner answered in %d ms; task done and merged%n",
        dispatchedMs);
  }

  @Test
  void runnersKeysOnlyConnectAndServerPathsAreRefused() throws Exception {
    String key = runnerKey(adminA);
    new Api(saas.gatewayUrl(), key).call("GET", "/api/v1/sources", null, 403);
    new Api(saas.gatewayUrl(), key).call("GET", "/api/v1/runners", null, 403);
    Api a = new Api(saas.gatewayUrl(), adminA);
    long workflow = workflow(a);
    String refused =
        a.call(
            "POST",
            "/api/v1/runs",
            "{\"workflowId\":"
                + workflow
                + ",\"repoPath\":\""
                + repoA
                + "\",\"baseBranch\":\"main\"}",
            422);
    assertThat(refused).doesNotContain(repoA.toString());
    a.call(
        "POST",
        "/api/v1/runs",
        "{\"workflowId\":"
            + workflow
            + ",\"repository\":\"not-announced\",\"baseBranch\":\"main\"}",
        422);
    JsonNode runners = JSON.readTree(a.call("GET", "/api/v1/runners", null, 200));
    assertThat(runners.toString()).contains("alpha-laptop").doesNotContain("beta-laptop");
  }

  @Test
  void withoutAConnectedRunnerASpawnIsAConflictNamingTheRepository() throws Exception {
    Api b = new Api(saas.gatewayUrl(), adminB);
    long run = run(b, "web");
    long task =
        id(
            b.call(
                "POST",
                "/api/v1/runs/" + run + "/tasks",
                "{\"phase\":\"implement\",\"title\":\"Nobody home\"}",
                201));
    runnerB.destroy();
    runnerB.waitFor(20, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String answer = null;
    while (System.nanoTime() < deadline) {
      JsonNode runners = JSON.readTree(b.call("GET", "/api/v1/runners", null, 200));
      if (!runners.get(0).path("connected").asBoolean()) {
        answer =
            b.call(
                "POST",
                "/api/v1/runs/" + run + "/agents",
                "{\"kind\":\"opencode\",\"taskId\":" + task + "}",
                409);
        break;
      }
      Thread.sleep(250);
    }
    assertThat(answer).as("runner B was seen disconnected").isNotNull();
    assertThat(answer).contains("No runner serving repository 'web' is connected");
    assertThat(
            JSON.readTree(b.call("GET", "/api/v1/tasks/" + task, null, 200))
                .path("status")
                .asText())
        .isEqualTo("queued");
  }

  private static long run(Api api, String repository) throws Exception {
    return id(
        api.call(
            "POST",
            "/api/v1/runs",
            "{\"workflowId\":"
                + workflow(api)
                + ",\"repository\":\""
                + repository
                + "\",\"baseBranch\":\"main\"}",
            201));
  }

  private static long workflow(Api api) throws Exception {
    return id(
        api.call(
            "POST",
            "/api/v1/workflows",
            "{\"format\":\"yaml\",\"source\":\"name: on-runners-"
                + System.nanoTime()
                + "\\nphases:\\n  - name: implement\\n\"}",
            201));
  }

  private static Process runner(
      DevflowStack stack, String key, String name, Path repo, Path xdg, Path log) throws Exception {
    Path home = Files.createDirectories(work.resolve(name + "-home"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-jar",
            stack.repo().resolve("cli/target/devflow-cli.jar").toString(),
            "runner",
            "--api-url",
            saas.gatewayUrl(),
            "--name",
            name,
            "--repo",
            "web=" + repo,
            "--program",
            "opencode=" + AgentClis.opencode()));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder
        .environment()
        .putAll(
            Map.of(
                "DEVFLOW_API_KEY",
                key,
                "DEVFLOW_HOME",
                home.toString(),
                "XDG_CONFIG_HOME",
                xdg.toString()));
    return builder.start();
  }

  private static String runnerKey(String adminKey) throws Exception {
    JsonNode created =
        JSON.readTree(
            new Api(saas.gatewayUrl(), adminKey)
                .call(
                    "POST",
                    "/api/v1/keys",
                    "{\"name\":\"laptop runner\",\"scopes\":[\"runner\"]}",
                    201));
    assertThat(created.path("key").path("scopes").toString()).isEqualTo("[\"runner\"]");
    return created.path("apiKey").asText();
  }

  private static void awaitConnected(String adminKey, String name) throws Exception {
    Api api = new Api(saas.gatewayUrl(), adminKey);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode r : JSON.readTree(api.call("GET", "/api/v1/runners", null, 200))) {
        if (name.equals(r.path("name").asText()) && r.path("connected").asBoolean()) {
          return;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        name + " never connected:\n" + Files.readString(name.startsWith("alpha") ? logA : logB));
  }

  private static String tenant(String platformKey, String slug) throws Exception {
    String key = new Api(saas.gatewayUrl(), platformKey).createTenant(slug, "team");
    assertThat(key).as("the tenant's admin key").startsWith("dfk_");
    return key;
  }

  private static JsonNode awaitTask(Api api, long task, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode current;
    do {
      current = JSON.readTree(api.call("GET", "/api/v1/tasks/" + task, null, 200));
      if (List.of("done", "failed", "blocked", "cancelled")
          .contains(current.path("status").asText())) {
        return current;
      }
      Thread.sleep(250);
    } while (System.nanoTime() < deadline);
    return current;
  }

  private static long id(String json) throws Exception {
    return JSON.readTree(json).path("id").asLong();
  }
}
