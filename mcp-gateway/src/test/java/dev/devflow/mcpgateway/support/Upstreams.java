package dev.devflow.mcpgateway.support;

import static io.restassured.RestAssured.given;

import dev.devflow.common.auth.Role;
import dev.devflow.common.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Sets up data straight in the real upstreams, as tenant local or as another tenant. */
public final class Upstreams {

  private Upstreams() {}

  public static RequestSpecification knowledge(String tenant) {
    RequestSpecification spec = given().baseUri(RealUpstreams.knowledgeHubUrl());
    return "local".equals(tenant)
        ? spec
        : spec.header("Authorization", TestTokens.bearer(tenant, Role.ADMIN));
  }

  public static RequestSpecification engine() {
    return given().baseUri(RealUpstreams.workflowEngineUrl());
  }

  /** Uploads one Markdown file as a new source and waits until it is searchable. */
  public static String uploadMarkdown(String tenant, String name, String file, String markdown) {
    String sourceId =
        knowledge(tenant)
            .multiPart("name", name)
            .multiPart("files", file, markdown.getBytes(StandardCharsets.UTF_8), "text/markdown")
            .post("/api/v1/sources/uploads")
            .then()
            .statusCode(201)
            .extract()
            .path("sourceId");
    awaitIdle(tenant, sourceId);
    return sourceId;
  }

  public static JsonPath awaitIdle(String tenant, String sourceId) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (Instant.now().isBefore(deadline)) {
      JsonPath source =
          knowledge(tenant).get("/api/v1/sources/" + sourceId).then().extract().jsonPath();
      String status = source.getString("latestJob.status");
      if ("done".equals(status) || "failed".equals(status)) {
        return source;
      }
      sleep(100);
    }
    throw new AssertionError("Source " + sourceId + " did not finish in time");
  }

  /** A run of a fresh two-phase workflow (plan, build) on a new git repository. */
  public static long aRun() {
    String yaml =
        """
        name: mcp-%s
        phases:
          - name: plan
            instructions: Write the plan in PLAN.md.
            done_criteria: [PLAN.md exists]
          - name: build
            instructions: Build what the plan says.
        """
            .formatted(UUID.randomUUID());
    long workflowId =
        engine()
            .contentType(ContentType.JSON)
            .body(Map.of("format", "yaml", "source", yaml))
            .post("/api/v1/workflows")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    return engine()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "workflowId", workflowId, "repoPath", gitRepo().toString(), "baseBranch", "main"))
        .post("/api/v1/runs")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  private static Path gitRepo() {
    try {
      Path repo = Files.createTempDirectory("devflow-mcp-repo");
      git(repo, "init", "-q", "-b", "main");
      Files.writeString(repo.resolve("README.md"), "# test\n");
      git(repo, "add", ".");
      git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "init");
      return repo;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void git(Path dir, String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "git";
    System.arraycopy(args, 0, command, 1, args.length);
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("git " + String.join(" ", args) + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
