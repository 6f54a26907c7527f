package dev.devflow.knowledgehub.support;

import static io.restassured.RestAssured.given;

import dev.devflow.common.auth.Role;
import dev.devflow.common.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Test helpers: requests as a tenant, source creation, waiting for jobs. */
public final class Api {

  private Api() {}

  public static RequestSpecification as(String tenant) {
    return as(tenant, Role.MEMBER);
  }

  public static RequestSpecification as(String tenant, Role role) {
    return given().header("Authorization", TestTokens.bearer(tenant, role));
  }

  /** Creates a crawled source and returns its id. */
  public static String createSource(
      String tenant, String name, String url, Map<String, Object> extra) {
    Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name, "url", url));
    body.putAll(extra);
    return as(tenant)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/sources")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  /** Waits until the source's latest job has finished; returns the source. */
  public static JsonPath awaitIdle(String tenant, String sourceId) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (Instant.now().isBefore(deadline)) {
      JsonPath source =
          as(tenant).get("/api/v1/sources/" + sourceId).then().statusCode(200).extract().jsonPath();
      String status = source.getString("latestJob.status");
      if ("done".equals(status) || "failed".equals(status) || "cancelled".equals(status)) {
        return source;
      }
      sleep(100);
    }
    throw new AssertionError("Source " + sourceId + " did not finish its job in time");
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
