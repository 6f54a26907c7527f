package dev.devflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spec's move from a laptop to SaaS with the real commands: {@code devflow export} of the local
 * tenant, {@code devflow import} into a tenant freshly provisioned through a SaaS gateway, and that
 * tenant then answers with the same sources, workflows, runs, tasks and search results; exporting
 * it again gives the same row counts and checksums.
 */
@ExtendWith(WithDevflowStack.class)
class ExportImportE2EIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WORD = "pangolin";

  @TempDir static Path work;
  static DevflowStack stack;
  static SaasStack saas;
  static String movedKey;
  static long run;

  @BeforeAll
  static void seedLocalAndProvisionATenantOnSaas() throws Exception {
    stack = DevflowStack.get();
    Api local = new Api(stack.baseUrl(), null);
    String upload =
        local.upload(
            "Field notes",
            "burrows.md",
            "# Burrows\n\nThe " + WORD + " digs a burrow under the old oak every spring.\n");
    local.awaitIngested(JSON.readTree(upload).path("sourceId").asText(), Duration.ofSeconds(60));
    long workflow =
        JSON.readTree(
                local(
                    "POST",
                    "/api/v1/workflows",
                    "{\"format\":\"yaml\",\"source\":\"name: moving-plan\\nphases:\\n  - name: plan\\n\"}",
                    201))
            .path("id")
            .asLong();
    Path repo = GitRepos.aRepository(work);
    run = new Api(stack.baseUrl(), null).startRun(workflow, repo);
    local(
        "POST",
        "/api/v1/runs/" + run + "/tasks",
        "{\"phase\":\"plan\",\"title\":\"Pack the " + WORD + "\"}",
        201);

    saas =
        SaasStack.withIntegrations(
            stack,
            Path.of(System.getProperty("e2e.stack-logs", "target/stack-logs"), "saas-move"),
            Map.of());
    Commands.Result admin = stack.devflow("create-admin", "--email", "mover@e2e.devflow.test");
    Matcher platformKey = Pattern.compile("(dfk_\\S+)").matcher(admin.output());
    assertThat(platformKey.find()).as(admin.output()).isTrue();
    movedKey =
        JSON.readTree(
                saas(
                    platformKey.group(1),
                    "POST",
                    "/api/v1/tenants",
                    "{\"slug\":\"moved\",\"name\":\"Moved\",\"plan\":\"team\","
                        + "\"adminEmail\":\"admin@moved.test\"}",
                    201))
            .path("apiKey")
            .asText();
  }

  @AfterAll
  static void stop() {
    if (saas != null) {
      saas.close();
    }
  }

  @Test
  void theLocalTenantMovesToSaasWithoutLoss() throws Exception {
    Path exported = work.resolve("devflow-export.json");
    Commands.Result export = stack.devflow("export", "--output", exported.toString());
    assertThat(export.exitCode()).as(export.output()).isZero();
    Commands.Result imported =
        stack.devflow("import", "--input", exported.toString(), "--tenant", "moved");
    assertThat(imported.exitCode()).as(imported.output()).isZero();
    assertThat(imported.output()).contains("every table's count and checksum match");

    for (String path :
        List.of("/api/v1/sources", "/api/v1/workflows", "/api/v1/runs/" + run + "/tasks")) {
      assertThat(JSON.readTree(saas(movedKey, "GET", path, null, 200)))
          .as(path)
          .isEqualTo(JSON.readTree(local("GET", path, null, 200)));
    }
    assertThat(saas(movedKey, "GET", "/api/v1/runs/" + run, null, 200)).contains("moving-plan");

    saas(movedKey, "POST", "/api/v1/admin/index/rebuild", null, 202);
    awaitIndexed();
    for (String mode : List.of("keyword", "semantic", "hybrid")) {
      String path = "/api/v1/search?limit=5&mode=" + mode + "&query=" + WORD + "+burrow";
      assertThat(hits(saas(movedKey, "GET", path, null, 200)))
          .as(path)
          .isNotEmpty()
          .isEqualTo(hits(local("GET", path, null, 200)));
    }

    Path again = work.resolve("again.json");
    Commands.Result second =
        stack.devflow("export", "--tenant", "moved", "--output", again.toString());
    assertThat(second.exitCode()).as(second.output()).isZero();
    assertThat(tableSums(again)).isEqualTo(tableSums(exported)).containsKey("chunks");
  }

  private static Map<String, String> tableSums(Path file) throws Exception {
    Map<String, String> sums = new LinkedHashMap<>();
    for (JsonNode table : JSON.readTree(file.toFile()).path("tables")) {
      sums.put(
          table.path("name").asText(),
          table.path("rowCount").asLong() + " " + table.path("sha256").asText());
    }
    return sums;
  }

  private static List<String> hits(String body) throws Exception {
    return JSON.readTree(body).path("results").findValuesAsText("chunkId");
  }

  private static void awaitIndexed() throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    JsonNode status = null;
    while (Instant.now().isBefore(deadline)) {
      status = JSON.readTree(saas(movedKey, "GET", "/api/v1/admin/index", null, 200));
      if (!status.path("rebuilding").asBoolean() && !status.path("stale").asBoolean()) {
        return;
      }
      Thread.sleep(300);
    }
    throw new AssertionError("the moved tenant's index was not rebuilt: " + status);
  }

  private static String local(String method, String path, String body, int expected)
      throws Exception {
    return new Api(stack.baseUrl(), null).call(method, path, body, expected);
  }

  private static String saas(String key, String method, String path, String body, int expected)
      throws Exception {
    return new Api(saas.gatewayUrl(), key).call(method, path, body, expected);
  }
}
