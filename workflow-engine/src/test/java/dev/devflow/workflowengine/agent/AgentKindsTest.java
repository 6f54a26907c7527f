package dev.devflow.workflowengine.agent;

import static dev.devflow.workflowengine.support.EngineApi.aFileTask;
import static dev.devflow.workflowengine.support.EngineApi.aRun;
import static dev.devflow.workflowengine.support.EngineApi.task;
import static dev.devflow.workflowengine.support.TestRepos.aRepo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.workflowengine.support.EngineTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where each kind's CLI is comes from configuration and can be changed at run time; a spawn whose
 * program is missing or not executable is refused naming the setting, before anything starts.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(EngineTestResource.class)
class AgentKindsTest {

  @Test
  void aMissingOrNonExecutableProgramIsA422NamingTheSettingAndNothingStarts() {
    long run = aRun(aRepo());
    for (String kind : new String[] {"missing-cli", "not-executable"}) {
      long taskId = aFileTask(run, kind + ".txt", "x");
      given()
          .contentType("application/json")
          .body(Map.of("kind", kind, "taskId", taskId))
          .post("/api/v1/runs/" + run + "/agents")
          .then()
          .statusCode(422)
          .contentType("application/problem+json")
          .body("field", equalTo("agentKinds." + kind + ".command"))
          .body("detail", containsString("cannot start"));
      assertThat(task(taskId).getString("status")).isEqualTo("queued");
      assertThat((Object) task(taskId).get("agentId")).isNull();
    }
    given()
        .get("/api/v1/agent-kinds/missing-cli")
        .then()
        .statusCode(200)
        .body("available", equalTo(false))
        .body("problem", containsString("does not exist"));
  }

  @Test
  void aKindsProgramModeAndEnvironmentAreSetAtRunTimeWithSecretsHidden() {
    given()
        .contentType("application/json")
        .body(
            Map.of(
                "command", "/bin/true",
                "mode", "headless",
                "env",
                    Map.of(
                        "ANTHROPIC_BASE_URL",
                        "http://127.0.0.1:9",
                        "ANTHROPIC_API_KEY",
                        "sk-secret")))
        .put("/api/v1/agent-kinds/claude-code")
        .then()
        .statusCode(200)
        .body("command", equalTo("/bin/true"))
        .body("source", equalTo("setting"))
        .body("defaultMode", equalTo("headless"))
        .body("available", equalTo(true))
        .body("env.ANTHROPIC_BASE_URL", equalTo("http://127.0.0.1:9"))
        .body("env.ANTHROPIC_API_KEY", equalTo("***"));
    given()
        .contentType("application/json")
        .body(Map.of("command", "rm -rf /; echo"))
        .put("/api/v1/agent-kinds/claude-code")
        .then()
        .statusCode(400)
        .body("field", equalTo("command"));
    given()
        .contentType("application/json")
        .body(Map.of("mode", "headless"))
        .put("/api/v1/agent-kinds/scripted")
        .then()
        .statusCode(400)
        .body("field", equalTo("mode"));
    given()
        .contentType("application/json")
        .body(Map.of("command", "/bin/true"))
        .put("/api/v1/agent-kinds/no-such-kind")
        .then()
        .statusCode(400)
        .body("field", equalTo("kind"));
    // Back to the configuration.
    given()
        .contentType("application/json")
        .body("{}")
        .put("/api/v1/agent-kinds/claude-code")
        .then()
        .statusCode(200)
        .body("source", equalTo("configuration"))
        .body("command", equalTo("claude"));
  }
}
