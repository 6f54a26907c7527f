package dev.devflow.common.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.common.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
class InternalAuthTest {

  private static final String UNAUTHORIZED = "https://devflow.dev/problems/unauthorized";

  @Test
  void anExpiredTokenIsRefused() {
    given()
        .header("Authorization", "Bearer " + TestTokens.expired("local", Role.ADMIN))
        .get("/test/notes")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", "Bearer")
        .body("type", equalTo(UNAUTHORIZED));
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRefused() {
    given()
        .header("Authorization", "Bearer " + TestTokens.signedByStranger("local", Role.ADMIN))
        .get("/test/notes")
        .then()
        .statusCode(401)
        .body("type", equalTo(UNAUTHORIZED));
  }

  @Test
  void aTamperedTokenIsRefused() {
    String token = TestTokens.forTenant("alpha", Role.VIEWER);
    String[] parts = token.split("\\.");
    String forged =
        parts[0]
            + "."
            + java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    new String(java.util.Base64.getUrlDecoder().decode(parts[1]))
                        .replace("alpha", "local")
                        .getBytes())
            + "."
            + parts[2];
    given().header("Authorization", "Bearer " + forged).get("/test/notes").then().statusCode(401);
  }

  @Test
  void garbageIsRefusedWithoutDetailsOfTheParser() {
    given()
        .header("Authorization", "Bearer not-a-jwt")
        .get("/test/notes")
        .then()
        .statusCode(401)
        .body("detail", equalTo("The internal token is invalid, expired or wrongly signed."));
  }

  @Test
  void viewersReadButCannotWrite() {
    String viewer = TestTokens.bearer("local", Role.VIEWER);
    given().header("Authorization", viewer).get("/test/notes").then().statusCode(200);
    given()
        .header("Authorization", viewer)
        .contentType("text/plain")
        .body("nope")
        .post("/test/notes")
        .then()
        .statusCode(403)
        .body("type", equalTo("https://devflow.dev/problems/forbidden"));
  }

  @Test
  void membersWriteIntoTheirOwnTenant() {
    given()
        .header("Authorization", TestTokens.bearer("local", Role.MEMBER))
        .contentType("text/plain")
        .body("from a member")
        .post("/test/notes")
        .then()
        .statusCode(200);
    given()
        .header("Authorization", TestTokens.bearer("local", Role.MEMBER))
        .get("/test/notes")
        .then()
        .body("findAll { it == 'from a member' }", contains("from a member"));
  }
}
