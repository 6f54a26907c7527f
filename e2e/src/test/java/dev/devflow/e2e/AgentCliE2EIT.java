package dev.devflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real Claude Code and OpenCode, launched by the workflow engine of the stack {@code devflow
 * up} started, against the project's scripted model: each reads its phase, claims its task, writes
 * a file with its own edit tool, commits, reports the task complete over DevFlow's MCP tools (with
 * its own agent token), and DevFlow merges its branch. Also: a Claude Code agent stuck at a
 * permission prompt is refused and nudged by the Guardian, and an agent's claim is its own task
 * while another task's completion is refused.
 */
@ExtendWith(WithDevflowStack.class)
class AgentCliE2EIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DONE = Duration.ofSeconds(60);

  // Not a @TempDir: OpenCode installs its plugin package into its config home in the background,
  // and JUnit fails the class when that is still writing while it deletes the directory.
  static Path work;
  static ScriptedModel model;
  static Api api;
  static Path repo;
  static long run;

  @BeforeAll
  static void cliesPointAtTheScriptedModel() throws Exception {
    work = Files.createTempDirectory("devflow-e2e-agents");
    DevflowStack stack = DevflowStack.get();
    api = new Api(stack.baseUrl(), null);
    model = ScriptedModel.start(work.resolve("model"));
    // What a user sets once: where each CLI is, and how it reaches its model.
    api.call("PUT", "/api/v1/agent-kinds/claude-code", AgentClis.claudeKind(model), 200);
    Path xdg = AgentClis.opencodeConfigHome(work, model);
    api.call("PUT", "/api/v1/agent-kinds/opencode", AgentClis.opencodeKind(xdg), 200);
    repo = GitRepos.aRepository(Files.createDirectories(work.resolve("git")));
    long workflow =
        id(
            api.call(
                "POST",
                "/api/v1/workflows",
                "{\"format\":\"yaml\",\"source\":\"name: real-clis\\nphases:\\n  - name: implement\\n"
                    + "    instructions: Do the task and report it.\\n\"}",
                201));
    run = api.startRun(workflow, repo);
  }

  @AfterAll
  static void stop() {
    if (model != null) {
      model.close();
    }
    Commands.deleteQuietly(work);
  }

  @Test
  void claudeCodeInteractiveCompletesATaskAndItIsMerged() throws Exception {
    carriesOut("claude-code", "interactive", "claude-interactive.txt");
  }

  @Test
  void claudeCodeHeadlessCompletesATaskAndItIsMerged() throws Exception {
    carriesOut("claude-code", "headless", "claude-headless.txt");
  }

  @Test
  void openCodeInteractiveCompletesATaskAndItIsMerged() throws Exception {
    carriesOut("opencode", "interactive", "opencode-interactive.txt");
  }

  @Test
  void openCodeHeadlessCompletesATaskAndItIsMerged() throws Exception {
    carriesOut("opencode", "headless", "opencode-headless.txt");
  }

  @Test
  void aClaudeCodeAgentStuckAtAPermissionPromptIsRefusedAndNudgedByTheGuardian() throws Exception {
    long task = task("Blocked at first", "FILE:blocked.txt TEXT:unblocked SCRIPT:blocked");
    JsonNode agent = spawn("claude-code", "interactive", task);
    JsonNode done = awaitTask(task, Duration.ofSeconds(90));
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("done");
    JsonNode interventions =
        JSON.readTree(
            api.call(
                "GET",
                "/api/v1/agents/" + agent.path("id").asLong() + "/interventions",
                null,
                200));
    assertThat(interventions.toString()).contains("\"action\":\"refuse\"").contains("permission");
    assertThat(Files.readString(repo.resolve("blocked.txt"))).isEqualTo("unblocked\n");
  }

  @Test
  void anAgentsClaimIsItsOwnTaskAndItCannotCompleteAnothersTask() throws Exception {
    long other = task("Someone else's task", "FILE:other.txt TEXT:other");
    long own = task("Mine", "FILE:own.txt TEXT:own work SCRIPT:trespass OTHER:" + other);
    spawn("claude-code", "headless", own);
    JsonNode done = awaitTask(own, DONE);
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("done");

    JsonNode claim = model.afterTool(own, "claim_next_task");
    assertThat(claim).as("the agent's claim came back").isNotNull();
    assertThat(claim.path("previous").path("result").asText()).contains("task " + own + " ");
    JsonNode trespass = null;
    for (JsonNode turn : model.turns(own)) {
      JsonNode previous = turn.path("previous");
      if (previous.path("tool").asText().endsWith("report_task_complete")
          && previous.path("input").path("taskId").asLong() == other) {
        trespass = turn;
      }
    }
    assertThat(trespass).as("the agent tried the other task").isNotNull();
    assertThat(trespass.path("previous").path("result").asText()).contains("not yours");
    JsonNode untouched = JSON.readTree(api.call("GET", "/api/v1/tasks/" + other, null, 200));
    assertThat(untouched.path("status").asText()).isEqualTo("queued");
    assertThat(untouched.path("agentId").isNull()).isTrue();
    assertThat(repo.resolve("other.txt")).doesNotExist();
  }

  private void carriesOut(String kind, String mode, String file) throws Exception {
    String text = "written by " + kind + " " + mode;
    long task = task("Write " + file, "FILE:" + file + " TEXT:" + text);
    long started = System.currentTimeMillis();
    JsonNode agent = spawn(kind, mode, task);
    long spawned = System.currentTimeMillis() - started;
    JsonNode done = awaitTask(task, DONE);
    long finished = System.currentTimeMillis() - started;
    assertThat(done.path("status").asText())
        .as("%s\n%s", done, model.turns(task))
        .isEqualTo("done");
    assertThat(done.path("mergeCommit").asText()).isNotBlank();
    assertThat(done.path("commits")).hasSize(1);
    assertThat(Files.readString(repo.resolve(file))).isEqualTo(text + "\n");
    JsonNode finishedAgent =
        JSON.readTree(api.call("GET", "/api/v1/agents/" + agent.path("id").asLong(), null, 200));
    assertThat(finishedAgent.path("status").asText()).isEqualTo("finished");

    List<JsonNode> turns = model.turns(task);
    JsonNode firstTool = model.afterTool(task, "get_current_phase");
    assertThat(firstTool).as("the first DevFlow tool call came back: %s", turns).isNotNull();
    System.out.printf(
        "agents e2e: %s %s: spawn answered in %d ms, first model request at %d ms, first DevFlow"
            + " tool result at %d ms, task done and merged at %d ms (%d model turns)%n",
        kind,
        mode,
        spawned,
        turns.get(0).path("t").asLong() - started,
        firstTool.path("t").asLong() - started,
        finished,
        turns.size());
  }

  private static long task(String title, String description) throws Exception {
    return id(
        api.call(
            "POST",
            "/api/v1/runs/" + run + "/tasks",
            JSON.writeValueAsString(
                Map.of("phase", "implement", "title", title, "description", description)),
            201));
  }

  private static JsonNode spawn(String kind, String mode, long task) throws Exception {
    JsonNode agent =
        JSON.readTree(
            api.call(
                "POST",
                "/api/v1/runs/" + run + "/agents",
                JSON.writeValueAsString(Map.of("kind", kind, "mode", mode, "taskId", task)),
                201));
    assertThat(agent.path("status").asText()).isEqualTo("running");
    return agent;
  }

  private static JsonNode awaitTask(long task, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode current;
    do {
      current = JSON.readTree(api.call("GET", "/api/v1/tasks/" + task, null, 200));
      String status = current.path("status").asText();
      if (List.of("done", "failed", "blocked", "cancelled").contains(status)) {
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
