package dev.devflow.mcpgateway;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.devflow.mcpgateway.support.FakeUpstreams;
import dev.devflow.mcpgateway.support.Initialize;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Local mode: no login from loopback, as the spec draws it, but browsers on other origins and
 * requests addressed to other host names (DNS rebinding) are refused before any tool runs.
 */
@QuarkusTest
@QuarkusTestResource(value = FakeUpstreams.class, restrictToAnnotatedClass = true)
class LocalAccessTest {

  @Test
  void loopbackClientsConnectWithoutAKey() {
    Initialize.request()
        .post("/mcp")
        .then()
        .statusCode(200)
        .header("Mcp-Session-Id", containsString(""));
    Initialize.request()
        .header("Origin", "http://localhost:3737")
        .post("/mcp")
        .then()
        .statusCode(200);
  }

  @Test
  void aBrowserClientOnLocalhostPassesTheCorsPreflight() {
    io.restassured.RestAssured.given()
        .header("Origin", "http://localhost:6274")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type,mcp-session-id")
        .options("/mcp")
        .then()
        .statusCode(200)
        .header("Access-Control-Allow-Origin", equalTo("http://localhost:6274"));
    Initialize.request()
        .header("Origin", "http://localhost:6274")
        .post("/mcp")
        .then()
        .statusCode(200)
        .header("Access-Control-Expose-Headers", containsString("Mcp-Session-Id"));
  }

  @Test
  void foreignOriginsAndHostsAreRefused() {
    Initialize.request()
        .header("Origin", "https://evil.example")
        .post("/mcp")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("title", equalTo("Origin not allowed"))
        .body("detail", containsString("DEVFLOW_MCP_ALLOWED_ORIGINS"));
    Initialize.request()
        .header("Host", "rebind.evil.example:8051")
        .post("/mcp")
        .then()
        .statusCode(403)
        .body("title", equalTo("Host not allowed"));
    Initialize.request()
        .header("Origin", "https://evil.example")
        .get("/mcp/sse")
        .then()
        .statusCode(403);
  }

  @Test
  void aForgedTokenIsRefusedEvenLocally() {
    Initialize.request()
        .header("Authorization", "Bearer not-a-token")
        .post("/mcp")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", containsString("Bearer"));
  }
}
