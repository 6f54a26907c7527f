package dev.devflow.workflowengine.agent;

import static dev.devflow.workflowengine.support.EngineApi.aFileTask;
import static dev.devflow.workflowengine.support.EngineApi.aRun;
import static dev.devflow.workflowengine.support.EngineApi.agent;
import static dev.devflow.workflowengine.support.EngineApi.spawn;
import static dev.devflow.workflowengine.support.EngineApi.task;
import static dev.devflow.workflowengine.support.TestRepos.aRepo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.devflow.agents.tmux.Tmux;
import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.workflowengine.config.EngineConfig;
import dev.devflow.workflowengine.support.EngineTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An engine restart while agents run: the start-up adoption pass (run here against sessions created
 * before it, as after a real restart) keeps live sessions, fails agents whose session died with the
 * reason, kills sessions nobody owns and removes worktrees nobody needs.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(EngineTestResource.class)
class AgentAdoptionTest {

  @Inject AgentAdoption adoption;
  @Inject TmuxAgentRuntime runtime;
  @Inject Sessions sessions;
  @Inject EngineConfig config;

  @Test
  void liveSessionsAreAdoptedDeadOnesFailedOrphansCleaned() throws Exception {
    Path repo = aRepo();
    long run = aRun(repo);
    long taskA = aFileTask(run, "a.txt", "a");
    long taskB = aFileTask(run, "b.txt", "b");
    long taskC = aFileTask(run, "c.txt", "c");
    long taskD = aFileTask(run, "d.txt", "d");
    JsonPath a = spawn(run, "heartbeat", taskA);
    JsonPath c = spawn(run, "heartbeat", taskC);
    JsonPath b = spawn(run, "heartbeat", taskB);
    // The plan cap in the test configuration is 3 agents at once.
    given()
        .contentType("application/json")
        .body(Map.of("kind", "heartbeat", "taskId", taskD))
        .post("/api/v1/runs/" + run + "/agents")
        .then()
        .statusCode(429)
        .body("detail", containsString("allows 3 agents at once"));
    assertThat(task(taskD).getString("status")).isEqualTo("queued");

    // While the engine is "down": B's session dies, a stray session and a stray worktree appear.
    runtime.kill(b.getString("session"));
    String orphan = sessions.name("local", 999_999);
    new Tmux("tmux", Path.of(config.tmuxSocketDir()))
        .newSession(orphan, repo, Map.of("PATH", System.getenv("PATH")), List.of("sleep", "60"));
    Path stale = runtime.worktreesRoot().resolve("local/run-" + run + "/task-999999");
    Files.createDirectories(stale);
    Files.writeString(stale.resolve("left-behind.txt"), "from a crashed run");

    AgentAdoption.Report report = adoption.adopt();

    assertThat(report.adopted()).isGreaterThanOrEqualTo(2);
    assertThat(report.failed()).isGreaterThanOrEqualTo(1);
    assertThat(agent(a.getLong("id")).getString("status")).isEqualTo("running");
    assertThat(agent(c.getLong("id")).getString("status")).isEqualTo("running");
    assertThat(runtime.sessions()).contains(a.getString("session"));
    JsonPath deadAgent = agent(b.getLong("id"));
    assertThat(deadAgent.getString("status")).isEqualTo("failed");
    assertThat(deadAgent.getString("statusReason"))
        .isEqualTo(
            "engine restart found the agent's tmux session " + b.getString("session") + " gone");
    assertThat(task(taskB).getString("status")).isEqualTo("failed");
    assertThat(task(taskB).getString("statusReason")).contains("engine restart found");
    assertThat(runtime.sessions()).doesNotContain(orphan);
    assertThat(stale).doesNotExist();
    assertThat(Path.of(a.getString("worktreePath"))).exists();
    assertThat(Path.of(b.getString("worktreePath"))).doesNotExist();

    // Adopting again changes nothing: nothing runs twice.
    AgentAdoption.Report again = adoption.adopt();
    assertThat(again.failed()).isZero();
    assertThat(again.sessionsKilled()).isZero();
    assertThat(runtime.sessions()).contains(a.getString("session"), c.getString("session"));

    for (JsonPath agent : List.of(a, c)) {
      given()
          .contentType("application/json")
          .body("{}")
          .post("/api/v1/agents/" + agent.getLong("id") + "/cancel")
          .then()
          .statusCode(200);
    }
    assertThat(runtime.sessions()).doesNotContain(a.getString("session"), c.getString("session"));
  }
}
