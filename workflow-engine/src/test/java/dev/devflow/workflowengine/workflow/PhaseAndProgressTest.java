package dev.devflow.workflowengine.workflow;

import static dev.devflow.workflowengine.support.EngineApi.aRun;
import static dev.devflow.workflowengine.support.EngineApi.createTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.workflowengine.support.EngineTestResource;
import dev.devflow.workflowengine.support.Events;
import dev.devflow.workflowengine.support.TestRepos;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run's current phase follows its tasks; progress notes become events on live tasks only. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(EngineTestResource.class)
class PhaseAndProgressTest {

  @Inject Events events;

  @Test
  void currentPhaseMovesOnWhenItsTasksAreDone() {
    long runId = aRun(TestRepos.aRepo());
    long first = createTask(runId, "Write a.txt", "a", List.of());
    given()
        .get("/api/v1/runs/" + runId + "/phase")
        .then()
        .statusCode(200)
        .body("phase.name", equalTo("implement"))
        .body("phase.instructions", equalTo("Write the file the task names and commit it."))
        .body("phase.done_criteria[0]", equalTo("the file is committed"))
        .body("index", equalTo(0))
        .body("phaseCount", equalTo(2))
        .body("finished", equalTo(false))
        .body("openTasks", hasSize(1))
        .body("taskCounts.queued", equalTo(1));

    finish(first);
    given()
        .get("/api/v1/runs/" + runId + "/phase")
        .then()
        .statusCode(200)
        .body("phase.name", equalTo("review"))
        .body("index", equalTo(1))
        .body("openTasks", hasSize(0));
    given().get("/api/v1/runs/987654/phase").then().statusCode(404);
  }

  @Test
  void progressIsAnEventOnLiveTasksAndRefusedOnFinishedOnes() {
    long runId = aRun(TestRepos.aRepo());
    long task = createTask(runId, "Write b.txt", "b", List.of());
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("message", "tests written, implementing", "percent", 40))
        .post("/api/v1/tasks/" + task + "/progress")
        .then()
        .statusCode(202)
        .body("taskId", equalTo((int) task));
    assertThat(events.types("task:" + task)).contains("task.progress");

    given()
        .contentType(ContentType.JSON)
        .body(Map.of("message", "", "percent", 140))
        .post("/api/v1/tasks/" + task + "/progress")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");

    finish(task);
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("message", "one more thing"))
        .post("/api/v1/tasks/" + task + "/progress")
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
  }

  private static void finish(long taskId) {
    for (String status : List.of("assigned", "running", "done")) {
      move(taskId, status);
    }
  }

  private static void move(long taskId, String status) {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("status", status, "resultSummary", "done by the test"))
        .patch("/api/v1/tasks/" + taskId + "/status")
        .then()
        .statusCode(200);
  }
}
