package dev.devflow.common.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.devflow.common.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class ProblemResponsesTest {

  private static final String PROBLEM = "application/problem+json";

  @Test
  void validationNamesTheFieldAndTheRule() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"name\":\"\",\"size\":3}")
        .post("/test/widgets")
        .then()
        .statusCode(400)
        .contentType(startsWith(PROBLEM))
        .body("type", equalTo("https://devflow.dev/problems/validation"))
        .body("status", equalTo(400))
        .body("field", equalTo("name"))
        .body("errors.field", hasItem("name"))
        .body("detail", containsString("name: must not be blank"));
  }

  @Test
  void everyViolatedRuleIsListed() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"name\":\" \",\"size\":11}")
        .post("/test/widgets")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("name"))
        .body("errors.field", hasItem("size"))
        .body(
            "errors.find { it.field == 'size' }.message",
            containsString("less than or equal to 10"));
  }

  @Test
  void queryParameterViolationNamesTheParameter() {
    given()
        .queryParam("limit", 0)
        .get("/test/widgets")
        .then()
        .statusCode(400)
        .contentType(startsWith(PROBLEM))
        .body("field", equalTo("limit"));
  }

  @Test
  void malformedJsonIsA400WithoutParserInternals() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"name\": \"x\", ")
        .post("/test/widgets")
        .then()
        .statusCode(400)
        .contentType(startsWith(PROBLEM))
        .body("type", equalTo("https://devflow.dev/problems/malformed-body"))
        .body(not(containsString("jackson")))
        .body(not(containsString("Exception")));
  }

  @Test
  void wrongTypeNamesTheField() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"name\":\"x\",\"size\":\"big\"}")
        .post("/test/widgets")
        .then()
        .statusCode(400)
        .contentType(startsWith(PROBLEM))
        .body("field", equalTo("size"))
        .body(not(containsString("java.lang")));
  }

  @Test
  void businessNotFoundKeepsItsDetail() {
    given()
        .get("/test/widgets/42")
        .then()
        .statusCode(404)
        .contentType(startsWith(PROBLEM))
        .body("detail", equalTo("Widget 42 does not exist."))
        .body("instance", equalTo("/test/widgets/42"));
  }

  @Test
  void overloadIs503WithRetryAfter() {
    given()
        .get("/test/widgets/busy")
        .then()
        .statusCode(503)
        .header("Retry-After", "3")
        .contentType(startsWith(PROBLEM))
        .body("type", equalTo("https://devflow.dev/problems/unavailable"))
        .body("detail", equalTo("The widget press is busy."));
  }

  @Test
  void unknownRouteUnderAResourceIsAProblem() {
    given()
        .get("/test/widgets/1/nothing-here")
        .then()
        .statusCode(404)
        .contentType(startsWith(PROBLEM))
        .body("type", equalTo("https://devflow.dev/problems/not-found"));
  }

  @Test
  void wrongMethodIs405WithAllow() {
    given()
        .delete("/test/widgets")
        .then()
        .statusCode(405)
        .contentType(startsWith(PROBLEM))
        .body("type", equalTo("https://devflow.dev/problems/method-not-allowed"));
  }

  @Test
  void wrongContentTypeIs415() {
    given()
        .contentType(ContentType.XML)
        .body("<widget/>")
        .post("/test/widgets")
        .then()
        .statusCode(415)
        .contentType(startsWith(PROBLEM))
        .body("type", equalTo("https://devflow.dev/problems/unsupported-media-type"));
  }

  @Test
  void bugsAre500WithAnIdAndNoInternals() {
    given()
        .get("/test/widgets/boom")
        .then()
        .statusCode(500)
        .contentType(startsWith(PROBLEM))
        .body("type", equalTo("https://devflow.dev/problems/internal-error"))
        .body("detail", containsString("logged with id"))
        .body(not(containsString("secret internals")))
        .body(not(containsString("IllegalStateException")))
        .body(not(containsString("at dev.devflow")));
  }

  @Test
  void openApiDocumentsTheProblemResponsesOfEveryOperation() {
    String post = "paths.'/test/widgets'.post.responses";
    given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(
            post + ".'400'.content.'application/problem+json'.schema.$ref",
            equalTo("#/components/schemas/Problem"))
        .body(
            post + ".'5XX'.content.'application/problem+json'.schema.$ref",
            equalTo("#/components/schemas/Problem"))
        .body(
            "paths.'/test/widgets/{id}'.get.responses.'4XX'.content.'application/problem+json'"
                + ".schema.$ref",
            equalTo("#/components/schemas/Problem"));
  }
}
