package dev.devflow.workflowengine.agent;

import static dev.devflow.workflowengine.support.EngineApi.aFileTask;
import static dev.devflow.workflowengine.support.EngineApi.aRun;
import static dev.devflow.workflowengine.support.EngineApi.awaitTask;
import static dev.devflow.workflowengine.support.EngineApi.spawn;
import static dev.devflow.workflowengine.support.TestRepos.aRepo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.agents.AgentState;
import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.workflowengine.support.EngineApi;
import dev.devflow.workflowengine.support.EngineTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One agent cannot take another down: each runs on a tmux server of its own, and nothing is ever
 * typed into a dead pane (which crashes tmux 3.3a's server). A CLI stuck at a permission prompt
 * under a spinning indicator is seen as blocked, refused and told why by the Guardian.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(EngineTestResource.class)
class IsolatedAgentsTest {

  @Inject TmuxAgentRuntime runtime;

  @Test
  void anAgentWhoseCommandExitsAtOnceLeavesAHealthyOneRunning() throws Exception {
    long run = aRun(aRepo());
    JsonPath healthy = spawn(run, "heartbeat", aFileTask(run, "h.txt", "h"));
    JsonPath dying = spawn(run, "fail", aFileTask(run, "f.txt", "f"));
    EngineApi.await(
        () -> runtime.snapshot(dying.getString("session")).state().liveness(),
        l -> l != AgentState.Liveness.RUNNING,
        Duration.ofSeconds(10),
        "the failing agent's command to exit");
    // Typing into the dead pane is refused, not attempted: the healthy agent's server survives.
    for (int i = 0; i < 3; i++) {
      given()
          .contentType("application/json")
          .body(Map.of("text", "are you there?"))
          .post("/api/v1/agents/" + dying.getLong("id") + "/messages")
          .then()
          .statusCode(409)
          .contentType("application/problem+json");
    }
    assertThat(runtime.snapshot(healthy.getString("session")).state().liveness())
        .isEqualTo(AgentState.Liveness.RUNNING);
    String before = runtime.snapshot(healthy.getString("session")).text().orElseThrow();
    Thread.sleep(1200);
    String after = runtime.snapshot(healthy.getString("session")).text().orElseThrow();
    assertThat(after).as("the healthy agent keeps working").isNotEqualTo(before);
    assertThat(runtime.sessions()).contains(healthy.getString("session"));
    given()
        .contentType("application/json")
        .body("{}")
        .post("/api/v1/agents/" + healthy.getLong("id") + "/cancel")
        .then()
        .statusCode(200);
  }

  @Test
  void aCliWaitingAtAPermissionPromptUnderASpinnerIsRefusedAndToldWhy() throws Exception {
    Path repo = aRepo();
    long run = aRun(repo);
    long task = aFileTask(run, "unblocked.txt", "after the Guardian");
    JsonPath agent = spawn(run, "fake-claude", task);
    JsonPath done = awaitTask(task, Duration.ofSeconds(40), "done", "failed", "blocked");
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("done");
    assertThat(Files.readString(repo.resolve("unblocked.txt"))).isEqualTo("after the Guardian\n");
    JsonPath interventions =
        given()
            .get("/api/v1/agents/" + agent.getLong("id") + "/interventions")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(interventions.getList("action")).contains("refuse");
    assertThat(interventions.getList("detector")).contains("permission");
    // The permission finding's own reason: on a loaded machine the tests' 3 s idle threshold can
    // also fire before the prompt is delivered, so it need not be the first intervention.
    assertThat(interventions.getString("find { it.detector == 'permission' }.reason"))
        .contains("waiting at a permission prompt");
  }
}
