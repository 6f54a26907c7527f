package dev.devflow.workflowengine;

import static dev.devflow.workflowengine.support.EngineApi.aDefinitionYaml;
import static dev.devflow.workflowengine.support.TestRepos.aRepo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.devflow.common.auth.Role;
import dev.devflow.common.persistence.TenantMigrator;
import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.common.testing.TestTokens;
import dev.devflow.workflowengine.support.EngineTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tenant alpha's workflows, runs and tasks are invisible and untouchable for tenant beta. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(EngineTestResource.class)
class TenantIsolationTest {

  @Inject TenantMigrator migrator;

  @BeforeEach
  void migrate() {
    migrator.migrate("alpha");
    migrator.migrate("beta");
  }

  @Test
  void betaCannotSeeOrChangeAlphasWorkflowsRunsOrTasks() {
    long def =
        as("alpha", Role.MEMBER)
            .contentType(ContentType.JSON)
            .body(Map.of("format", "yaml", "source", aDefinitionYaml()))
            .post("/api/v1/workflows")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    long run =
        as("alpha", Role.MEMBER)
            .contentType(ContentType.JSON)
            .body(Map.of("workflowId", def, "repoPath", aRepo().toString(), "baseBranch", "main"))
            .post("/api/v1/runs")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    long task =
        as("alpha", Role.MEMBER)
            .contentType(ContentType.JSON)
            .body(Map.of("title", "alpha's", "phase", "implement"))
            .post("/api/v1/runs/" + run + "/tasks")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");

    as("beta", Role.ADMIN).get("/api/v1/workflows/" + def).then().statusCode(404);
    as("beta", Role.ADMIN).get("/api/v1/workflows").then().statusCode(200).body("$", hasSize(0));
    as("beta", Role.ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("format", "yaml", "source", aDefinitionYaml()))
        .put("/api/v1/workflows/" + def)
        .then()
        .statusCode(404);
    as("beta", Role.ADMIN).delete("/api/v1/workflows/" + def).then().statusCode(404);
    as("beta", Role.ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("workflowId", def, "repoPath", aRepo().toString(), "baseBranch", "main"))
        .post("/api/v1/runs")
        .then()
        .statusCode(422)
        .body("field", equalTo("workflowId"));
    as("beta", Role.ADMIN).get("/api/v1/runs/" + run).then().statusCode(404);
    as("beta", Role.ADMIN).get("/api/v1/runs").then().statusCode(200).body("$", hasSize(0));
    as("beta", Role.ADMIN).get("/api/v1/runs/" + run + "/tasks").then().statusCode(404);
    as("beta", Role.ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("title", "sneaky", "phase", "implement"))
        .post("/api/v1/runs/" + run + "/tasks")
        .then()
        .statusCode(404);
    as("beta", Role.ADMIN).post("/api/v1/runs/" + run + "/tasks/claim").then().statusCode(404);
    as("beta", Role.ADMIN).get("/api/v1/runs/" + run + "/phase").then().statusCode(404);
    as("beta", Role.ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("message", "sneaky progress"))
        .post("/api/v1/tasks/" + task + "/progress")
        .then()
        .statusCode(404);
    as("beta", Role.ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("kind", "scripted"))
        .post("/api/v1/runs/" + run + "/agents")
        .then()
        .statusCode(404);
    as("beta", Role.ADMIN).post("/api/v1/runs/" + run + "/cancel").then().statusCode(404);
    as("beta", Role.ADMIN).get("/api/v1/tasks/" + task).then().statusCode(404);
    as("beta", Role.ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("status", "cancelled"))
        .patch("/api/v1/tasks/" + task + "/status")
        .then()
        .statusCode(404);
    as("beta", Role.ADMIN)
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/api/v1/tasks/" + task + "/complete")
        .then()
        .statusCode(404);
    as("beta", Role.ADMIN).get("/api/v1/agents").then().statusCode(200).body("$", hasSize(0));

    // Alpha's data is untouched, and alpha's viewers may read but not write.
    as("alpha", Role.VIEWER)
        .get("/api/v1/tasks/" + task)
        .then()
        .statusCode(200)
        .body("status", equalTo("queued"));
    as("alpha", Role.VIEWER)
        .contentType(ContentType.JSON)
        .body(Map.of("status", "cancelled"))
        .patch("/api/v1/tasks/" + task + "/status")
        .then()
        .statusCode(403);
    as("alpha", Role.MEMBER)
        .get("/api/v1/runs/" + run)
        .then()
        .statusCode(200)
        .body("status", equalTo("running"));
  }

  @Test
  void expiredAndForeignTokensAreRefused() {
    given()
        .header("Authorization", "Bearer " + TestTokens.expired("alpha", Role.ADMIN))
        .get("/api/v1/workflows")
        .then()
        .statusCode(401);
    given()
        .header("Authorization", "Bearer " + TestTokens.signedByStranger("alpha", Role.ADMIN))
        .get("/api/v1/runs")
        .then()
        .statusCode(401);
  }

  private static RequestSpecification as(String tenant, Role role) {
    return given().header("Authorization", TestTokens.bearer(tenant, role));
  }
}
