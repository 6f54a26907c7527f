package dev.devflow.workflowengine.agent;

import static dev.devflow.workflowengine.support.EngineApi.aFileTask;
import static dev.devflow.workflowengine.support.EngineApi.aRun;
import static dev.devflow.workflowengine.support.EngineApi.awaitAgent;
import static dev.devflow.workflowengine.support.EngineApi.createTask;
import static dev.devflow.workflowengine.support.EngineApi.spawn;
import static dev.devflow.workflowengine.support.EngineApi.task;
import static dev.devflow.workflowengine.support.TestRepos.aRepo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.workflowengine.support.EngineTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every agent gets a token of its own: requests carrying it act as that agent on its one task. Its
 * claim returns its own task, it completes only its own task, it changes nothing else, and the
 * token dies with the agent.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(EngineTestResource.class)
class AgentIdentityTest {

  @Test
  void anAgentsTokenActsOnItsOwnTaskOnly() throws Exception {
    Path repo = aRepo();
    long run = aRun(repo);
    long own = aFileTask(run, "own.txt", "mine");
    // A queued task ahead of the agent's own in the claim order.
    long other = createTask(run, "Urgent other task", "FILE:other.txt TEXT:x", List.of());
    given()
        .contentType("application/json")
        .body(Map.of("status", "queued", "reason", "priority"))
        .patch("/api/v1/tasks/" + other + "/status");
    JsonPath agent = spawn(run, "idle", own);
    String token = tokenOf(agent);
    assertThat(token).startsWith("dfa_local." + agent.getLong("id") + ".");

    // The claim of an agent answers with its own task, whatever else is queued.
    given()
        .header("Authorization", "Bearer " + token)
        .post("/api/v1/runs/" + run + "/tasks/claim")
        .then()
        .statusCode(200)
        .body("id", org.hamcrest.Matchers.equalTo((int) own));
    assertThat(task(other).getString("status")).isEqualTo("queued");

    // Another task, or anything beyond its work, is refused.
    for (String[] call :
        List.of(
            new String[] {"POST", "/api/v1/tasks/" + other + "/complete", "{}"},
            new String[] {"PATCH", "/api/v1/tasks/" + other + "/status", "{\"status\":\"done\"}"},
            new String[] {"POST", "/api/v1/tasks/" + other + "/progress", "{\"message\":\"hi\"}"},
            new String[] {"POST", "/api/v1/runs/" + run + "/agents", "{\"kind\":\"idle\"}"},
            new String[] {"POST", "/api/v1/runs/" + run + "/cancel", "{}"},
            new String[] {"POST", "/api/v1/agents/" + agent.getLong("id") + "/stop", "{}"},
            new String[] {"POST", "/api/v1/runs/999999/tasks/claim", "{}"})) {
      given()
          .header("Authorization", "Bearer " + token)
          .contentType("application/json")
          .body(call[2])
          .request(call[0], call[1])
          .then()
          .statusCode(403)
          .contentType("application/problem+json");
    }
    assertThat(task(other).getString("status")).isEqualTo("queued");
    // Reading is fine, and so is reporting progress on its own task.
    given()
        .header("Authorization", "Bearer " + token)
        .get("/api/v1/tasks/" + other)
        .then()
        .statusCode(200);
    given()
        .header("Authorization", "Bearer " + token)
        .contentType("application/json")
        .body(Map.of("message", "halfway"))
        .post("/api/v1/tasks/" + own + "/progress")
        .then()
        .statusCode(202);

    // A forged or altered token is refused.
    given()
        .header("Authorization", "Bearer " + token.substring(0, token.length() - 2) + "xx")
        .get("/api/v1/tasks/" + own)
        .then()
        .statusCode(401)
        .body("detail", containsString("agent token"));

    // The token dies with the agent.
    given()
        .contentType("application/json")
        .body("{}")
        .post("/api/v1/agents/" + agent.getLong("id") + "/cancel")
        .then()
        .statusCode(200);
    awaitAgent(agent.getLong("id"), Duration.ofSeconds(10), "cancelled");
    given()
        .header("Authorization", "Bearer " + token)
        .get("/api/v1/tasks/" + own)
        .then()
        .statusCode(401);
  }

  @Test
  void theScriptedAgentCompletesItsTaskWithItsOwnToken() {
    Path repo = aRepo();
    long run = aRun(repo);
    long own = aFileTask(run, "token.txt", "with my token");
    JsonPath agent = spawn(run, "scripted", own);
    dev.devflow.workflowengine.support.EngineApi.awaitTask(own, Duration.ofSeconds(30), "done");
    assertThat(task(own).getString("resultSummary")).isEqualTo("wrote token.txt");
    assertThat(
            awaitAgent(agent.getLong("id"), Duration.ofSeconds(10), "finished").getString("status"))
        .isEqualTo("finished");
  }

  static String tokenOf(JsonPath agent) throws Exception {
    Path taskFile = Path.of(agent.getString("worktreePath")).resolve(".devflow/task.json");
    String authorization =
        new ObjectMapper().readTree(taskFile.toFile()).path("authorization").asText();
    return authorization.substring("Bearer ".length());
  }
}
