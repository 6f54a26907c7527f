package dev.devflow.integrations.workflow;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PackagedService;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.integrations.support.FakeProviders;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The workflow engine client against the real workflow engine (packaged fast-jar, local mode, own
 * database, a real git repository): an issue's task lands in the run's phase with its link, and the
 * engine's own refusals come back as problems. Skipped when workflow-engine is not packaged.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(FakeProviders.class)
class RealWorkflowEngineTest {

  private static PackagedService engine;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        Files.exists(PackagedService.jarOf("workflow-engine")),
        "workflow-engine is not packaged (./mvnw package -pl workflow-engine)");
    engine = PackagedService.start("workflow-engine", Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void anIssueBecomesATaskOfTheRunThatLinksBack() throws Exception {
    long run = aRun();
    WorkflowEngineClient client = new WorkflowEngineClient(URI.create(engine.url()));

    JsonNode task =
        client.createTask(
            null,
            run,
            Map.of(
                "title", "[acme/tasks#12] Add dark mode",
                "description", "Users want it.\n\nFrom https://github.com/acme/tasks/issues/12",
                "phase", "implement"));

    String stored =
        given().baseUri(engine.url()).get("/api/v1/tasks/" + task.path("id").asLong()).asString();
    assertThat(stored)
        .contains("[acme/tasks#12] Add dark mode")
        .contains("https://github.com/acme/tasks/issues/12");
    assertThatThrownBy(
            () -> client.createTask(null, run, Map.of("title", "x", "phase", "no-such-phase")))
        .isInstanceOf(ProblemException.class);
    assertThatThrownBy(
            () -> client.createTask(null, 999_999, Map.of("title", "x", "phase", "implement")))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("refused");
  }

  private long aRun() throws Exception {
    Path repo = engine.dir().resolve("repo");
    Files.createDirectories(repo);
    git(repo, "init", "-q", "-b", "main");
    Files.writeString(repo.resolve("README.md"), "# repo\n");
    git(repo, "add", ".");
    git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "init");
    String yaml =
        """
        name: issue-flow
        description: From issues
        phases:
          - name: implement
            description: Write the code
            instructions: Do it.
        """;
    long workflow =
        given()
            .baseUri(engine.url())
            .contentType(ContentType.JSON)
            .body(Map.of("format", "yaml", "source", yaml))
            .post("/api/v1/workflows")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    return given()
        .baseUri(engine.url())
        .contentType(ContentType.JSON)
        .body(Map.of("workflowId", workflow, "repoPath", repo.toString(), "baseBranch", "main"))
        .post("/api/v1/runs")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  private static void git(Path dir, String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = "git";
    System.arraycopy(args, 0, command, 1, args.length);
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    assertThat(p.waitFor()).as("git " + String.join(" ", args)).isZero();
  }
}
