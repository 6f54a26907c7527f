package dev.devflow.knowledgehub.source.api;

import static dev.devflow.knowledgehub.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.devflow.common.auth.Role;
import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.common.testing.TestTokens;
import dev.devflow.knowledgehub.support.Api;
import dev.devflow.knowledgehub.support.TestSite;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Bad input on every endpoint is a 4xx problem naming the field; never a 500. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
class SourceApiTest {

  private static ValidatableResponse create(Map<String, Object> body) {
    return as("beta").contentType(ContentType.JSON).body(body).post("/api/v1/sources").then();
  }

  private static Map<String, Object> valid(Object... pairs) {
    Map<String, Object> body =
        new HashMap<>(Map.of("name", "Docs", "url", "http://127.0.0.1:9/docs/"));
    for (int i = 0; i < pairs.length; i += 2) {
      body.put((String) pairs[i], pairs[i + 1]);
    }
    return body;
  }

  private static void problem(ValidatableResponse r, int status, String field) {
    r.statusCode(status)
        .contentType(startsWith("application/problem+json"))
        .body("status", equalTo(status))
        .body("field", equalTo(field))
        .body(org.hamcrest.Matchers.not(containsString("Exception")));
  }

  @Test
  void createRejectsBadInputNamingTheField() {
    problem(create(valid("url", "not a url")), 400, "url");
    problem(create(valid("url", "ftp://docs.example.com/")), 400, "url");
    problem(create(valid("url", "file:///etc/passwd")), 400, "url");
    problem(create(valid("url", "/relative/path")), 400, "url");
    create(valid("maxDepth", 11))
        .statusCode(400)
        .body("errors.field", org.hamcrest.Matchers.hasItem(containsString("maxDepth")));
    create(valid("maxDepth", -1))
        .statusCode(400)
        .body("errors.field", org.hamcrest.Matchers.hasItem(containsString("maxDepth")));
    create(valid("maxPages", 0))
        .statusCode(400)
        .body("errors.field", org.hamcrest.Matchers.hasItem(containsString("maxPages")));
    create(valid("maxPages", 100001))
        .statusCode(400)
        .body("errors.field", org.hamcrest.Matchers.hasItem(containsString("maxPages")));
    create(valid("name", ""))
        .statusCode(400)
        .body("errors.field", org.hamcrest.Matchers.hasItem(containsString("name")));
    create(valid("tags", List.of("Not A Tag")))
        .statusCode(400)
        .body("errors.field", org.hamcrest.Matchers.hasItem(containsString("tags")));
    problem(create(valid("includePatterns", List.of("(unclosed"))), 400, "includePatterns");
    as("beta")
        .contentType(ContentType.JSON)
        .body("{\"name\": ")
        .post("/api/v1/sources")
        .then()
        .statusCode(400);
    as("beta")
        .get("/api/v1/sources")
        .then()
        .statusCode(200)
        .body(
            "url",
            org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("http://127.0.0.1:9/docs/")));
  }

  @Test
  void unknownIdsAre404AndDuplicatesAre409WithTheExistingId() {
    for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid")) {
      as("beta")
          .get("/api/v1/sources/" + id)
          .then()
          .statusCode(404)
          .contentType(startsWith("application/problem+json"));
      as("beta").delete("/api/v1/sources/" + id).then().statusCode(404);
      as("beta").post("/api/v1/sources/" + id + "/refresh").then().statusCode(404);
      as("beta").post("/api/v1/sources/" + id + "/cancel").then().statusCode(404);
      as("beta").get("/api/v1/sources/" + id + "/jobs").then().statusCode(404);
      as("beta").get("/api/v1/jobs/" + id).then().statusCode(404);
    }
    try (TestSite site = new TestSite()) {
      site.page("/docs/index.html", TestSite.html("Index", "<p>Hello</p>"));
      String id = Api.createSource("beta", "Dup", site.base() + "/docs/index.html", Map.of());
      // the same page spelled differently is the same source
      as("beta")
          .contentType(ContentType.JSON)
          .body(
              Map.of(
                  "name",
                  "Again",
                  "url",
                  site.base().replace("http://", "HTTP://") + "/docs/./index.html#top"))
          .post("/api/v1/sources")
          .then()
          .statusCode(409)
          .contentType(startsWith("application/problem+json"))
          .body("existingId", equalTo(id))
          .body("field", equalTo("url"))
          .body("detail", containsString(id));
      Api.awaitIdle("beta", id);
      as("beta")
          .contentType(ContentType.JSON)
          .body(Map.of("name", "Renamed", "tags", List.of("team-a"), "maxDepth", 5))
          .patch("/api/v1/sources/" + id)
          .then()
          .statusCode(200)
          .body("name", equalTo("Renamed"))
          .body("tags[0]", equalTo("team-a"))
          .body("maxDepth", equalTo(5))
          .body("maxPages", equalTo(1000));
      as("beta")
          .contentType(ContentType.JSON)
          .body(Map.of("maxDepth", 99))
          .patch("/api/v1/sources/" + id)
          .then()
          .statusCode(400)
          .body("errors.field", org.hamcrest.Matchers.hasItem(containsString("maxDepth")));
      as("beta")
          .contentType(ContentType.JSON)
          .body(Map.of("excludePatterns", List.of("[")))
          .patch("/api/v1/sources/" + id)
          .then()
          .statusCode(400)
          .body("field", equalTo("excludePatterns"));
      as("beta")
          .contentType(ContentType.JSON)
          .body(Map.of("name", "x"))
          .patch("/api/v1/sources/" + UUID.randomUUID())
          .then()
          .statusCode(404);
      as("beta")
          .queryParam("tag", "team-a")
          .get("/api/v1/sources")
          .then()
          .statusCode(200)
          .body("id", org.hamcrest.Matchers.contains(id));
      as("beta").post("/api/v1/sources/" + id + "/cancel").then().statusCode(409);
      as("beta", Role.VIEWER).delete("/api/v1/sources/" + id).then().statusCode(403);
      as("beta", Role.VIEWER).get("/api/v1/sources/" + id).then().statusCode(200);
      as("beta").delete("/api/v1/sources/" + id).then().statusCode(204);
      as("beta").get("/api/v1/sources/" + id).then().statusCode(404);
    }
  }

  @Test
  void searchRejectsBadInputNamingTheField() {
    problem(as("beta").get("/api/v1/search").then(), 400, "query");
    problem(as("beta").queryParam("query", "   ").get("/api/v1/search").then(), 400, "query");
    problem(
        as("beta").queryParam("query", "x").queryParam("limit", 0).get("/api/v1/search").then(),
        400,
        "limit");
    problem(
        as("beta").queryParam("query", "x").queryParam("limit", 51).get("/api/v1/search").then(),
        400,
        "limit");
    problem(
        as("beta").queryParam("query", "x").queryParam("limit", "ten").get("/api/v1/search").then(),
        400,
        "limit");
    problem(
        as("beta")
            .queryParam("query", "x")
            .queryParam("mode", "fuzzy")
            .get("/api/v1/search")
            .then(),
        400,
        "mode");
    problem(
        as("beta")
            .queryParam("query", "x")
            .queryParam("results", "paragraphs")
            .get("/api/v1/search")
            .then(),
        400,
        "results");
    problem(
        as("beta").queryParam("query", "x".repeat(1001)).get("/api/v1/search").then(),
        400,
        "query");
    problem(
        as("beta")
            .queryParam("query", "x")
            .queryParam("sourceId", "nope")
            .get("/api/v1/search")
            .then(),
        400,
        "sourceIds");
    problem(
        as("beta")
            .queryParam("query", "x")
            .queryParam("sourceId", UUID.randomUUID().toString())
            .get("/api/v1/search")
            .then(),
        404,
        "sourceIds");
    problem(
        as("beta")
            .contentType(ContentType.JSON)
            .body(Map.of("query", ""))
            .post("/api/v1/search")
            .then(),
        400,
        "query");
    problem(
        as("beta")
            .contentType(ContentType.JSON)
            .body(Map.of("query", "x", "limit", 99))
            .post("/api/v1/search")
            .then(),
        400,
        "limit");
    problem(as("beta").get("/api/v1/code-examples").then(), 400, "query");
    problem(
        as("beta")
            .queryParam("query", "x")
            .queryParam("language", "not a language!")
            .get("/api/v1/code-examples")
            .then(),
        400,
        "language");
  }

  @Test
  void uploadAndAdminRejectBadInput() {
    as("beta")
        .multiPart("name", "x")
        .post("/api/v1/sources/uploads")
        .then()
        .statusCode(400)
        .body("field", equalTo("files"));
    as("beta")
        .multiPart("files", "a.txt", "hello".getBytes())
        .post("/api/v1/sources/uploads")
        .then()
        .statusCode(400)
        .body("field", equalTo("name"));
    as("beta")
        .multiPart("name", "x")
        .multiPart("tags", "Bad Tag")
        .multiPart("files", "a.txt", "hello".getBytes())
        .post("/api/v1/sources/uploads")
        .then()
        .statusCode(400)
        .body("field", equalTo("tags"));
    as("beta").post("/api/v1/admin/index/rebuild").then().statusCode(403);
    io.restassured.RestAssured.given()
        .header("Authorization", "Bearer " + TestTokens.expired("beta", Role.ADMIN))
        .get("/api/v1/sources")
        .then()
        .statusCode(401);
    io.restassured.RestAssured.given()
        .header("Authorization", "Bearer " + TestTokens.signedByStranger("beta", Role.ADMIN))
        .get("/api/v1/search?query=x")
        .then()
        .statusCode(401);
  }
}
