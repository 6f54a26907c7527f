package dev.devflow.workflowengine.support;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** Test factories and waits over the engine's HTTP API, as tenant local (loopback, no token). */
public final class EngineApi {

  private EngineApi() {}

  /** A two-phase workflow (implement, review). */
  public static String aDefinitionYaml() {
    return """
        name: feature-%s
        description: Build a feature
        phases:
          - name: implement
            description: Write the code
            instructions: Write the file the task names and commit it.
            done_criteria: [the file is committed]
          - name: review
            description: Check the work
            instructions: Read the diff.
        """
        .formatted(UUID.randomUUID());
  }

  public static long createDefinition(String yaml) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("format", "yaml", "source", yaml))
        .post("/api/v1/workflows")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  public static long createRun(long definitionId, Path repo) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("workflowId", definitionId, "repoPath", repo.toString(), "baseBranch", "main"))
        .post("/api/v1/runs")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  /** A run of a fresh two-phase workflow on the repository. */
  public static long aRun(Path repo) {
    return createRun(createDefinition(aDefinitionYaml()), repo);
  }

  public static long createTask(long runId, String title, String description, List<Long> deps) {
    Map<String, Object> body = new HashMap<>();
    body.put("title", title);
    body.put("description", description);
    body.put("phase", "implement");
    body.put("dependsOn", new ArrayList<>(deps));
    return given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/runs/" + runId + "/tasks")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  /** A task the scripted agent carries out: write file with text. */
  public static long aFileTask(long runId, String file, String text) {
    return createTask(runId, "Write " + file, "FILE:" + file + " TEXT:" + text, List.of());
  }

  public static JsonPath spawn(long runId, String kind, long taskId) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("kind", kind, "taskId", taskId))
        .post("/api/v1/runs/" + runId + "/agents")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  public static JsonPath task(long id) {
    return given().get("/api/v1/tasks/" + id).then().statusCode(200).extract().jsonPath();
  }

  public static JsonPath agent(long id) {
    return given().get("/api/v1/agents/" + id).then().statusCode(200).extract().jsonPath();
  }

  /** Polls the task until its status is one of the given, for at most the timeout. */
  public static JsonPath awaitTask(long id, Duration timeout, String... statuses) {
    return await(
        () -> task(id),
        j -> List.of(statuses).contains(j.getString("status")),
        timeout,
        "task " + id + " to become " + List.of(statuses));
  }

  public static JsonPath awaitAgent(long id, Duration timeout, String... statuses) {
    return await(
        () -> agent(id),
        j -> List.of(statuses).contains(j.getString("status")),
        timeout,
        "agent " + id + " to become " + List.of(statuses));
  }

  public static <T> T await(
      java.util.function.Supplier<T> probe, Predicate<T> done, Duration timeout, String what) {
    Instant deadline = Instant.now().plus(timeout);
    T last = probe.get();
    while (!done.test(last)) {
      assertThat(Instant.now()).as("waiting for %s; last: %s", what, last).isBefore(deadline);
      sleep(150);
      last = probe.get();
    }
    return last;
  }

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
