package dev.devflow.mcpgateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

import dev.devflow.mcpgateway.support.Mcp;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With nothing listening where the upstreams should be, tools answer with a tool error that says so
 * (then, once the breaker opens, fail fast), and readiness reports both upstreams down.
 */
@QuarkusTest
@TestProfile(UpstreamOutageTest.NothingListening.class)
class UpstreamOutageTest {

  /** Upstream URLs on ports nothing listens on. */
  public static class NothingListening implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      String dead = "http://127.0.0.1:" + deadPort();
      return Map.of(
          "devflow.mcp-gateway.knowledge-hub-url", dead,
          "devflow.mcp-gateway.workflow-engine-url", dead);
    }
  }

  @Test
  void toolsSayTheUpstreamIsUnreachableAndThenFailFast() {
    Mcp mcp = Mcp.connect();
    assertThat(mcp.error("list_sources", Map.of())).contains("knowledge-hub is unreachable");
    assertThat(mcp.error("list_runs", Map.of())).contains("workflow-engine is unreachable");
    String last = "";
    for (int i = 0; i < 12; i++) {
      last = mcp.error("get_task", Map.of("taskId", 1));
    }
    assertThat(last).contains("paused calls to it");
  }

  @Test
  void readinessNamesTheUpstreamsThatAreDown() {
    given()
        .get("/health/ready")
        .then()
        .statusCode(503)
        .body("checks.find { it.name == 'upstreams' }.data.knowledge-hub", startsWith("DOWN"))
        .body("checks.find { it.name == 'upstreams' }.data.workflow-engine", startsWith("DOWN"));
  }

  private static int deadPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
