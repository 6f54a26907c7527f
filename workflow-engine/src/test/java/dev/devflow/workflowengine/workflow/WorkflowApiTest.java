package dev.devflow.workflowengine.workflow;

import static dev.devflow.workflowengine.support.EngineApi.aDefinitionYaml;
import static dev.devflow.workflowengine.support.EngineApi.aRun;
import static dev.devflow.workflowengine.support.EngineApi.createDefinition;
import static dev.devflow.workflowengine.support.EngineApi.createTask;
import static dev.devflow.workflowengine.support.TestRepos.aRepo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.workflowengine.support.EngineTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Definitions, runs and tasks over HTTP, and every way to get them wrong. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(EngineTestResource.class)
class WorkflowApiTest {

  @Test
  void definitionsAreVersionedAndReadableInYamlAndJson() {
    long id = createDefinition(aDefinitionYaml());
    given()
        .get("/api/v1/workflows/" + id)
        .then()
        .statusCode(200)
        .body("version", equalTo(1))
        .body("model.phases[0].name", equalTo("implement"))
        .body("model.phases[0].done_criteria[0]", equalTo("the file is committed"));

    String json =
        "{\"phases\":[{\"name\":\"plan\",\"instructions\":\"think\"},{\"name\":\"build\"}],"
            + "\"tasks\":[{\"key\":\"a\",\"title\":\"A\",\"phase\":\"plan\"},"
            + "{\"key\":\"b\",\"title\":\"B\",\"phase\":\"build\",\"depends_on\":[\"a\"]}]}";
    long v2 =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("format", "json", "source", json))
            .put("/api/v1/workflows/" + id)
            .then()
            .statusCode(200)
            .body("version", equalTo(2))
            .extract()
            .jsonPath()
            .getLong("id");
    given()
        .get("/api/v1/workflows/" + v2 + "/versions")
        .then()
        .statusCode(200)
        .body("version", equalTo(List.of(1, 2)));
    given()
        .get("/api/v1/workflows")
        .then()
        .statusCode(200)
        .body("findAll { it.id == " + v2 + " }.size()", equalTo(1));

    // A run of version 2 starts with its two tasks, b waiting for a.
    long run = EngineApiRuns.create(v2, aRepo());
    given()
        .get("/api/v1/runs/" + run + "/tasks")
        .then()
        .statusCode(200)
        .body("title", equalTo(List.of("A", "B")))
        .body("[1].dependsOn.size()", equalTo(1));

    given().delete("/api/v1/workflows/" + v2).then().statusCode(204);
    given().get("/api/v1/workflows/" + id).then().statusCode(404);
    given().get("/api/v1/runs/" + run).then().statusCode(200).body("workflowVersion", equalTo(2));

    // The name of a deleted workflow is free again; its versions carry on after the deleted ones.
    String name = given().get("/api/v1/runs/" + run).then().extract().path("workflowName");
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("format", "yaml", "source", "name: " + name + "\nphases:\n  - name: again\n"))
        .post("/api/v1/workflows")
        .then()
        .statusCode(201)
        .body("name", equalTo(name))
        .body("version", equalTo(3));
    given().get("/api/v1/runs/" + run).then().statusCode(200).body("workflowVersion", equalTo(2));
  }

  @Test
  void badDefinitionsAreProblemsNamingTheField() {
    expectDefinitionProblem("yaml", "phases: []\nname: x", 400, "phases");
    expectDefinitionProblem(
        "yaml", "name: x\nphases:\n  - name: a\n  - name: a", 400, "phases[1].name");
    expectDefinitionProblem(
        "yaml", "name: x\nphases:\n  - description: nameless", 400, "phases[0].name");
    expectDefinitionProblem(
        "yaml",
        "name: x\nphases:\n  - name: a\ntasks:\n  - key: t\n    title: T\n    phase: nope",
        400,
        "tasks[0].phase");
    expectDefinitionProblem(
            "yaml",
            "name: x\nphases:\n  - name: a\ntasks:\n"
                + "  - {key: t1, title: T1, phase: a, depends_on: [t2]}\n"
                + "  - {key: t2, title: T2, phase: a, depends_on: [t1]}",
            400,
            "tasks")
        .body("detail", containsString("cycle"));
    expectDefinitionProblem("yaml", "name: x\nphases: [: broken", 400, "source");
    expectDefinitionProblem("json", "{\"name\": \"x\", \"phases\": [", 400, "source");
    expectDefinitionProblem("toml", "x", 400, "format");
    // The plan limit (3 phases in the test configuration, the free tier's number).
    expectDefinitionProblem(
            "yaml",
            "name: big-"
                + UUID.randomUUID()
                + "\nphases: [{name: a}, {name: b}, {name: c}, {name: d}]",
            422,
            "phases")
        .body("detail", containsString("allows 3 phases"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"format\": \"yaml\"}")
        .post("/api/v1/workflows")
        .then()
        .statusCode(400)
        .body("field", equalTo("source"));
    given()
        .contentType(ContentType.JSON)
        .body("{not json")
        .post("/api/v1/workflows")
        .then()
        .statusCode(400)
        .contentType(startsWith("application/problem+json"));
    String name = "dup-" + UUID.randomUUID();
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("name", name, "format", "yaml", "source", "phases: [{name: a}]"))
        .post("/api/v1/workflows")
        .then()
        .statusCode(201);
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("name", name, "format", "yaml", "source", "phases: [{name: a}]"))
        .post("/api/v1/workflows")
        .then()
        .statusCode(409)
        .body("field", equalTo("name"));
    given().get("/api/v1/workflows/999999").then().statusCode(404);
  }

  @Test
  void runsNeedAGitRepositoryAndAnExistingBaseBranch() throws Exception {
    long def = createDefinition(aDefinitionYaml());
    Path plain = dev.devflow.workflowengine.support.TestRepos.tempDir("dfwe-not-a-repo-");
    expectRunProblem(def, plain.toString(), "main", 422, "repoPath")
        .body("detail", containsString("not a git repository"));
    expectRunProblem(def, "relative/path", "main", 400, "repoPath");
    expectRunProblem(def, aRepo().toString(), "no-such-branch", 422, "baseBranch");
    expectRunProblem(def, aRepo().toString(), "bad..name", 400, "baseBranch");
    expectRunProblem(999999, aRepo().toString(), "main", 422, "workflowId");
    given()
        .contentType(ContentType.JSON)
        .body("{\"repoPath\": \"/tmp\", \"baseBranch\": \"main\"}")
        .post("/api/v1/runs")
        .then()
        .statusCode(400)
        .body("field", equalTo("workflowId"));
    given().get("/api/v1/runs/999999").then().statusCode(404);
  }

  @Test
  void tasksFollowTheTransitionTableAndBadInputNamesTheField() {
    long run = aRun(aRepo());
    long task = createTask(run, "A task", "", List.of());
    status(task, "assigned").statusCode(200).body("status", equalTo("assigned"));
    status(task, "running").statusCode(200);
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("status", "review", "resultSummary", "ready for a look"))
        .patch("/api/v1/tasks/" + task + "/status")
        .then()
        .statusCode(200)
        .body("resultSummary", equalTo("ready for a look"));
    status(task, "done").statusCode(200).body("status", equalTo("done"));
    status(task, "running")
        .statusCode(409)
        .contentType(startsWith("application/problem+json"))
        .body("field", equalTo("status"))
        .body("detail", containsString("cannot go from done to running"));
    status(task, "sideways").statusCode(400).body("field", equalTo("status"));

    Map<String, Object> body = new HashMap<>();
    body.put("title", "x");
    body.put("phase", "nope");
    given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/runs/" + run + "/tasks")
        .then()
        .statusCode(400)
        .body("field", equalTo("phase"));
    body.put("phase", "implement");
    body.put("dependsOn", List.of(999999));
    given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/runs/" + run + "/tasks")
        .then()
        .statusCode(400)
        .body("field", equalTo("dependsOn"));
    body.remove("dependsOn");
    body.put("title", "");
    given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/runs/" + run + "/tasks")
        .then()
        .statusCode(400)
        .body("field", equalTo("title"));
    body.put("title", "ok");
    body.put("priority", 5000);
    given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/runs/" + run + "/tasks")
        .then()
        .statusCode(400)
        .body("field", equalTo("priority"));
    given()
        .get("/api/v1/runs/" + run + "/tasks?status=weird")
        .then()
        .statusCode(400)
        .body("field", equalTo("status"));
    given().get("/api/v1/tasks/999999").then().statusCode(404);
  }

  @Test
  void claimingRespectsDependenciesAndPriorityAndNeverHandsATaskOutTwice() {
    long run = aRun(aRepo());
    long low = createTask(run, "low", "", List.of());
    long blocker = EngineApiRuns.taskWithPriority(run, "high", 10, List.of());
    long waiting = EngineApiRuns.taskWithPriority(run, "highest but waiting", 50, List.of(blocker));

    assertThat(claim(run)).isEqualTo(blocker);
    assertThat(claim(run)).isEqualTo(low);
    given().post("/api/v1/runs/" + run + "/tasks/claim").then().statusCode(204);
    status(blocker, "running").statusCode(200);
    status(blocker, "done").statusCode(200);
    assertThat(claim(run)).isEqualTo(waiting);
    given().post("/api/v1/runs/" + run + "/tasks/claim").then().statusCode(204);
  }

  @Test
  void agentsNeedAKnownKindAReadyTaskAndRespectThePlanCap() {
    long run = aRun(aRepo());
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("kind", "unknown-kind"))
        .post("/api/v1/runs/" + run + "/agents")
        .then()
        .statusCode(400)
        .body("field", equalTo("kind"));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("kind", "Bad Kind!"))
        .post("/api/v1/runs/" + run + "/agents")
        .then()
        .statusCode(400)
        .body("field", equalTo("kind"));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("kind", "scripted"))
        .post("/api/v1/runs/" + run + "/agents")
        .then()
        .statusCode(409)
        .body("detail", containsString("No task"));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("kind", "scripted", "taskId", 999999))
        .post("/api/v1/runs/" + run + "/agents")
        .then()
        .statusCode(400)
        .body("field", equalTo("taskId"));
    given().get("/api/v1/agents/999999").then().statusCode(404);
    given().post("/api/v1/agents/999999/stop").then().statusCode(404);
    given()
        .contentType(ContentType.JSON)
        .body("{oops")
        .post("/api/v1/agents/999999/restart")
        .then()
        .statusCode(400)
        .contentType(startsWith("application/problem+json"));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("reason", "r".repeat(2001)))
        .post("/api/v1/agents/999999/cancel")
        .then()
        .statusCode(400)
        .body("field", equalTo("reason"));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("resultSummary", "s".repeat(20_001)))
        .post("/api/v1/tasks/999999/complete")
        .then()
        .statusCode(400)
        .body("field", equalTo("resultSummary"));
    given().post("/api/v1/tasks/999999/complete").then().statusCode(404);
    given()
        .get("/api/v1/agents/999999/log?limit=0")
        .then()
        .statusCode(400)
        .body("field", equalTo("limit"));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("text", ""))
        .post("/api/v1/agents/999999/messages")
        .then()
        .statusCode(400)
        .body("field", equalTo("text"));
    given()
        .post("/api/v1/runs/" + run + "/cancel")
        .then()
        .statusCode(200)
        .body("status", equalTo("cancelled"));
    given().post("/api/v1/runs/" + run + "/cancel").then().statusCode(409);
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("title", "late", "phase", "implement"))
        .post("/api/v1/runs/" + run + "/tasks")
        .then()
        .statusCode(409);
  }

  private static long claim(long run) {
    return given()
        .post("/api/v1/runs/" + run + "/tasks/claim")
        .then()
        .statusCode(200)
        .body("status", equalTo("assigned"))
        .extract()
        .jsonPath()
        .getLong("id");
  }

  private static ValidatableResponse status(long task, String status) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("status", status))
        .patch("/api/v1/tasks/" + task + "/status")
        .then();
  }

  private static ValidatableResponse expectDefinitionProblem(
      String format, String source, int status, String field) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("format", format, "source", source))
        .post("/api/v1/workflows")
        .then()
        .statusCode(status)
        .contentType(startsWith("application/problem+json"))
        .body("field", equalTo(field));
  }

  private static ValidatableResponse expectRunProblem(
      long def, String repo, String branch, int status, String field) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("workflowId", def, "repoPath", repo, "baseBranch", branch))
        .post("/api/v1/runs")
        .then()
        .statusCode(status)
        .contentType(startsWith("application/problem+json"))
        .body("field", equalTo(field));
  }

  /** Run and task factories with more knobs. */
  static final class EngineApiRuns {
    static long create(long def, Path repo) {
      return dev.devflow.workflowengine.support.EngineApi.createRun(def, repo);
    }

    static long taskWithPriority(long run, String title, int priority, List<Long> deps) {
      return given()
          .contentType(ContentType.JSON)
          .body(
              Map.of("title", title, "phase", "implement", "priority", priority, "dependsOn", deps))
          .post("/api/v1/runs/" + run + "/tasks")
          .then()
          .statusCode(201)
          .extract()
          .jsonPath()
          .getLong("id");
    }
  }
}
