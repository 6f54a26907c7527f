package dev.devflow.workflowengine.agent;

import static dev.devflow.workflowengine.support.EngineApi.aFileTask;
import static dev.devflow.workflowengine.support.EngineApi.aRun;
import static dev.devflow.workflowengine.support.EngineApi.agent;
import static dev.devflow.workflowengine.support.EngineApi.awaitAgent;
import static dev.devflow.workflowengine.support.EngineApi.awaitTask;
import static dev.devflow.workflowengine.support.EngineApi.spawn;
import static dev.devflow.workflowengine.support.TestRepos.aRepo;
import static dev.devflow.workflowengine.support.TestRepos.git;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.common.testing.ScrapedMetrics;
import dev.devflow.workflowengine.support.EngineApi;
import dev.devflow.workflowengine.support.EngineTestResource;
import dev.devflow.workflowengine.support.Events;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Agents in real tmux sessions on real git worktrees, carried out by the scripted agent. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(EngineTestResource.class)
class AgentLifecycleTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String FAILED_AGENTS = "devflow_agents_ended_total{status=\"failed\"}";

  @Inject Events events;

  @Test
  void twoAgentsOnSeparateWorktreesAtOnceAreBothMergedNoFastForward() throws Exception {
    Path repo = aRepo();
    long run = aRun(repo);
    long first = aFileTask(run, "alpha.txt", "from agent one");
    // Titles are arguments and text, never shell: this one must not create the file it names.
    Path pwned = Path.of(System.getProperty("java.io.tmpdir"), "dfwe-pwned-" + System.nanoTime());
    String nasty = "Write beta.txt\"; touch " + pwned + "; echo $(touch " + pwned + ") `id`";
    long second =
        EngineApi.createTask(run, nasty, "FILE:beta.txt TEXT:from agent two", java.util.List.of());

    JsonPath a = spawn(run, "scripted", first);
    JsonPath b = spawn(run, "scripted-opencode", second);

    assertThat(a.getString("status")).isEqualTo("running");
    assertThat(a.getString("worktreePath")).isNotEqualTo(b.getString("worktreePath"));
    // Branches carry the tenant and a random key of the run, so no two tenants' branches meet.
    assertThat(a.getString("branch"))
        .matches("devflow/local/run-" + run + "-[0-9a-f]{8}/task-" + first);
    assertThat(a.getString("session")).contains("agent_local_" + a.getLong("id"));
    Path worktree = Path.of(a.getString("worktreePath"));
    assertThat(worktree.resolve(".devflow/mcp.json")).exists();
    assertThat(Files.readString(worktree.resolve(".devflow/mcp.json")))
        .contains("http://127.0.0.1:3737/mcp")
        .contains("\"Authorization\" : \"Bearer dfa_local." + a.getLong("id") + ".");

    Path worktreeB = Path.of(b.getString("worktreePath"));
    assertThat(Files.readString(worktreeB.resolve(".devflow/opencode.json")))
        .contains("\"type\" : \"remote\"")
        .contains("\"Authorization\" : \"Bearer dfa_local." + b.getLong("id") + ".");

    JsonPath doneA = awaitTask(first, WAIT, "done", "blocked", "failed");
    JsonPath doneB = awaitTask(second, WAIT, "done", "blocked", "failed");
    assertThat(doneA.getString("status")).as(doneA.prettify()).isEqualTo("done");
    assertThat(doneB.getString("status")).as(doneB.prettify()).isEqualTo("done");
    assertThat(doneA.getString("resultSummary")).isEqualTo("wrote alpha.txt");
    assertThat(doneA.getList("commits")).hasSize(1);
    assertThat(doneA.getString("mergeCommit")).isNotBlank();

    assertThat(Files.readString(repo.resolve("alpha.txt"))).isEqualTo("from agent one\n");
    assertThat(Files.readString(repo.resolve("beta.txt"))).isEqualTo("from agent two\n");
    String merges = git(repo, "log", "--merges", "--format=%s", "main");
    assertThat(merges)
        .contains("Merge task " + first)
        .contains("Merge task " + second + ": " + nasty);
    assertThat(pwned).doesNotExist();
    assertThat(agent(a.getLong("id")).getString("status")).isEqualTo("finished");
    awaitGone(worktree);
    assertThat(git(repo, "worktree", "list")).doesNotContain(worktree.toString());
    assertThat(events.types("task:" + first)).contains("task.status", "merge.done");
    assertThat(events.types("agent:" + a.getLong("id")))
        .contains("agent.started", "agent.finished");
  }

  @Test
  void aMergeConflictBlocksTheTaskListingTheFilesAndKeepsBaseUntouched() throws Exception {
    Path repo = aRepo();
    long run = aRun(repo);
    long task = aFileTask(run, "shared.txt", "the agent's version");
    // Someone changes the same file on main after the branch was cut.
    JsonPath agent = spawn(run, "idle", task);
    Files.writeString(repo.resolve("shared.txt"), "main's version\n");
    git(repo, "commit", "-q", "-am", "main moves on");
    String mainBefore = git(repo, "rev-parse", "main").strip();

    given()
        .contentType(ContentType.JSON)
        .body(Map.of("text", "[DevFlow Guardian] go ahead"))
        .post("/api/v1/agents/" + agent.getLong("id") + "/messages")
        .then()
        .statusCode(202);

    JsonPath blocked = awaitTask(task, WAIT, "blocked", "done", "failed");
    assertThat(blocked.getString("status")).as(blocked.prettify()).isEqualTo("blocked");
    assertThat(blocked.getList("conflictFiles")).containsExactly("shared.txt");
    assertThat(blocked.getString("statusReason")).contains("merge conflict in shared.txt");
    assertThat(git(repo, "rev-parse", "main").strip()).isEqualTo(mainBefore);
    assertThat(git(repo, "status", "--porcelain")).isEmpty();
    assertThat(Files.readString(repo.resolve("shared.txt"))).isEqualTo("main's version\n");
    assertThat(events.types("task:" + task)).contains("merge.conflict");
  }

  @Test
  void anAgentWhoseCommandDiesFailsWithTheReason() {
    Path repo = aRepo();
    long run = aRun(repo);
    long task = aFileTask(run, "x.txt", "never written");
    ScrapedMetrics before = ScrapedMetrics.scrape();
    JsonPath agent = spawn(run, "fail", task);

    JsonPath failed = awaitAgent(agent.getLong("id"), WAIT, "failed");
    // What the operator's "agents failing" alert reads, summed over tenants.
    ScrapedMetrics after = ScrapedMetrics.scrape();
    assertThat(after.valueOrZero(FAILED_AGENTS) - before.valueOrZero(FAILED_AGENTS))
        .isGreaterThanOrEqualTo(1.0);
    assertThat(
            after.valueOrZero("devflow_agents_started_total")
                - before.valueOrZero("devflow_agents_started_total"))
        .isGreaterThanOrEqualTo(1.0);
    assertThat(after.value("devflow_agents_ended_total{status=\"finished\"}")).isPresent();
    assertThat(failed.getString("statusReason")).contains("exited with status 3");
    JsonPath t = awaitTask(task, WAIT, "failed");
    assertThat(t.getString("statusReason")).contains("exited with status 3");
    assertThat(events.types("agent:" + agent.getLong("id"))).contains("agent.failed");
    // The pane log outlives the session.
    given()
        .get("/api/v1/agents/" + agent.getLong("id") + "/log/tail?lines=100")
        .then()
        .statusCode(200)
        .body("live", org.hamcrest.Matchers.equalTo(false))
        .body("lines.join('\\n')", org.hamcrest.Matchers.containsString("giving up"));
  }

  @Test
  void stopRestartAndCancelFromTheApi() {
    Path repo = aRepo();
    long run = aRun(repo);
    long task = aFileTask(run, "y.txt", "y");
    long id = spawn(run, "heartbeat", task).getLong("id");
    awaitLog(id, "working, step 3");

    JsonPath page =
        given()
            .get("/api/v1/agents/" + id + "/log?offset=0&limit=2")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(page.getList("lines")).hasSize(2);
    assertThat(page.getInt("totalLines")).isGreaterThan(2);
    assertThat(agent(id).getBoolean("promptDelivered")).isTrue();

    given()
        .contentType(ContentType.JSON)
        .body(Map.of("reason", "lunch"))
        .post("/api/v1/agents/" + id + "/stop")
        .then()
        .statusCode(200)
        .body("status", org.hamcrest.Matchers.equalTo("stopped"));
    assertThat(EngineApiTasks.status(task)).isEqualTo("blocked");

    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/api/v1/agents/" + id + "/restart")
        .then()
        .statusCode(200)
        .body("status", org.hamcrest.Matchers.equalTo("running"))
        .body("restarts", org.hamcrest.Matchers.equalTo(1));
    assertThat(EngineApiTasks.status(task)).isEqualTo("running");
    awaitLog(id, "working, step 2");

    Path worktree = Path.of(agent(id).getString("worktreePath"));
    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/api/v1/agents/" + id + "/cancel")
        .then()
        .statusCode(200)
        .body("status", org.hamcrest.Matchers.equalTo("cancelled"));
    assertThat(EngineApiTasks.status(task)).isEqualTo("cancelled");
    assertThat(worktree).doesNotExist();
    assertThat(git(repo, "branch", "--list", "devflow/*")).isEmpty();
    given()
        .post("/api/v1/agents/" + id + "/stop")
        .then()
        .statusCode(409)
        .body("field", org.hamcrest.Matchers.equalTo("status"));
  }

  private static void awaitLog(long id, String text) {
    dev.devflow.workflowengine.support.EngineApi.await(
        () ->
            given()
                .get("/api/v1/agents/" + id + "/log/tail?lines=200")
                .then()
                .extract()
                .jsonPath()
                .getList("lines", String.class),
        lines -> String.join("\n", lines).contains(text),
        WAIT,
        "agent " + id + " to print " + text);
  }

  private static void awaitGone(Path path) {
    dev.devflow.workflowengine.support.EngineApi.await(
        () -> Files.exists(path), exists -> !exists, WAIT, path + " to be removed");
  }

  /** Small task reads. */
  static final class EngineApiTasks {
    static String status(long task) {
      return dev.devflow.workflowengine.support.EngineApi.task(task).getString("status");
    }
  }
}
