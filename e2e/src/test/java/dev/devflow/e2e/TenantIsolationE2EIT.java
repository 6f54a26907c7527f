package dev.devflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two tenants on one SaaS installation (real api-gateway, knowledge-hub, workflow-engine and
 * mcp-gateway, each service trusting only the gateway's token): whatever tenant B asks for, by id,
 * by search, by MCP tool or with forged internal headers, it never sees or changes tenant A's data.
 */
@ExtendWith(WithDevflowStack.class)
class TenantIsolationE2EIT {

  static final String SECRET_WORD =
      "capybara-ledger-" + UUID.randomUUID().toString().substring(0, 8);
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path work;
  static SaasStack saas;
  static String keyA;
  static String keyB;
  static String sourceA;
  static long workflowA;
  static long runA;
  static long taskA;
  static Path repoA;

  @BeforeAll
  static void twoTenants() throws Exception {
    DevflowStack stack = DevflowStack.get();
    saas = SaasStack.start(stack, stack.logs().resolve("saas-isolation"));
    Commands.Result admin = stack.devflow("create-admin", "--email", "iso-root@e2e.devflow.test");
    Matcher platformKey = Pattern.compile("(dfk_\\S+)").matcher(admin.output());
    assertThat(platformKey.find()).as(admin.output()).isTrue();
    keyA = tenant(platformKey.group(1), "iso_alpha");
    keyB = tenant(platformKey.group(1), "iso_beta");

    Api alpha = new Api(saas.gatewayUrl(), keyA);
    sourceA =
        field(
            alpha.upload(
                "Alpha ledger",
                "ledger.md",
                "# Ledger\n\nEvery close follows the "
                    + SECRET_WORD
                    + ": reconcile, sign, archive.\n"),
            "sourceId");
    alpha.awaitIngested(sourceA, Duration.ofSeconds(60));
    workflowA =
        Long.parseLong(
            field(
                call(
                    "POST",
                    "/api/v1/workflows",
                    keyA,
                    "{\"format\":\"yaml\",\"source\":\"name: secret-plan\\nphases:\\n  - name: plan\\n\"}",
                    201),
                "id"));
    // Outside local mode a run's repository lies inside its tenant's own root.
    repoA = GitRepos.aRepository(Files.createDirectories(saas.reposRoot().resolve("iso_alpha")));
    Path repo = repoA;
    runA =
        Long.parseLong(
            field(
                call(
                    "POST",
                    "/api/v1/runs",
                    keyA,
                    "{\"workflowId\":"
                        + workflowA
                        + ",\"repoPath\":\""
                        + repo
                        + "\",\"baseBranch\":\"main\"}",
                    201),
                "id"));
    taskA =
        Long.parseLong(
            field(
                call(
                    "POST",
                    "/api/v1/runs/" + runA + "/tasks",
                    keyA,
                    "{\"phase\":\"plan\",\"title\":\"Alpha's secret task\"}",
                    201),
                "id"));
  }

  @AfterAll
  static void stop() {
    if (saas != null) {
      saas.close();
    }
  }

  @Test
  void listsAndSearchesNeverShowTheOtherTenantsData() throws Exception {
    assertThat(call("GET", "/api/v1/sources", keyA, null, 200)).contains(sourceA);
    assertThat(call("GET", "/api/v1/sources", keyB, null, 200)).doesNotContain(sourceA);
    String found = "follows the " + SECRET_WORD;
    assertThat(call("GET", "/api/v1/search?query=" + SECRET_WORD, keyA, null, 200)).contains(found);
    for (String mode : List.of("keyword", "semantic", "hybrid")) {
      assertThat(
              call("GET", "/api/v1/search?mode=" + mode + "&query=" + SECRET_WORD, keyB, null, 200))
          .doesNotContain(found);
    }
    assertThat(call("GET", "/api/v1/code-examples?query=ledger", keyB, null, 200))
        .doesNotContain(SECRET_WORD);
    assertThat(call("GET", "/api/v1/workflows", keyB, null, 200)).doesNotContain("secret-plan");
    assertThat(call("GET", "/api/v1/runs", keyB, null, 200)).doesNotContain(repoMarker());
  }

  @Test
  void aTenantCannotReadOrChangeTheOthersRecordsById() throws Exception {
    call("GET", "/api/v1/sources/" + sourceA, keyB, null, 404);
    call("POST", "/api/v1/sources/" + sourceA + "/refresh", keyB, null, 404);
    call("DELETE", "/api/v1/sources/" + sourceA, keyB, null, 404);
    assertThat(call("GET", "/api/v1/documents?sourceId=" + sourceA, keyB, null, 200))
        .isEqualTo("[]");
    call("GET", "/api/v1/runs/" + runA + "/tasks", keyB, null, 404);
    call("PATCH", "/api/v1/tasks/" + taskA + "/status", keyB, "{\"status\":\"cancelled\"}", 404);
    call("POST", "/api/v1/runs/" + runA + "/tasks/claim", keyB, null, 404);
    // Still there, untouched, for its owner.
    assertThat(call("GET", "/api/v1/sources/" + sourceA, keyA, null, 200)).contains("\"status\"");
    assertThat(call("GET", "/api/v1/tasks/" + taskA, keyA, null, 200))
        .contains("\"status\":\"queued\"");
  }

  @Test
  void aTenantCannotRunWorkflowsOnAnotherTenantsRepositoryOrOutsideItsOwnRoot() throws Exception {
    long workflowB =
        Long.parseLong(
            field(
                call(
                    "POST",
                    "/api/v1/workflows",
                    keyB,
                    "{\"format\":\"yaml\",\"source\":\"name: b-plan\\nphases:\\n  - name: plan\\n\"}",
                    201),
                "id"));
    Path rootB = Files.createDirectories(saas.reposRoot().resolve("iso_beta"));
    Path outside = GitRepos.aRepository(Files.createDirectories(work.resolve("outside")));
    Files.createSymbolicLink(rootB.resolve("sneaky"), repoA);
    for (String path :
        List.of(
            repoA.toString(),
            rootB + "/../iso_alpha/repo",
            rootB.resolve("sneaky").toString(),
            outside.toString(),
            "/etc",
            repoA + "/../repo")) {
      String answer =
          call(
              "POST",
              "/api/v1/runs",
              keyB,
              "{\"workflowId\":"
                  + workflowB
                  + ",\"repoPath\":\""
                  + path
                  + "\",\"baseBranch\":\"main\"}",
              422);
      // The refusal says where B's repositories go, and nothing about any other path.
      assertThat(answer)
          .contains("inside your tenant's repository root")
          .doesNotContain("iso_alpha")
          .doesNotContain(outside.toString())
          .doesNotContain("not a git repository");
    }
    // B's own repository, inside B's root, is fine.
    Path repoB = GitRepos.aRepository(Files.createDirectories(rootB.resolve("own")));
    call(
        "POST",
        "/api/v1/runs",
        keyB,
        "{\"workflowId\":" + workflowB + ",\"repoPath\":\"" + repoB + "\",\"baseBranch\":\"main\"}",
        201);
  }

  @Test
  void forgedInternalHeadersAreIgnored() throws Exception {
    HttpResponse<String> forged =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(saas.gatewayUrl() + "/api/v1/sources"))
                .header("Authorization", "Bearer " + keyB)
                .header("X-DevFlow-Tenant", "iso_alpha")
                .header("X-Tenant", "iso_alpha")
                .header("X-Forwarded-User", "admin@iso_alpha.test")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(200);
    assertThat(forged.body()).doesNotContain(sourceA);
  }

  @Test
  void mcpToolsThroughTheGatewayActOnlyForTheKeysTenant() throws Exception {
    String session = mcpSession(keyB);
    String search =
        mcp(
            keyB,
            session,
            2,
            "search_knowledge",
            "{\"query\":\"" + SECRET_WORD + "\",\"mode\":\"keyword\"}");
    assertThat(search).contains("No passages match").doesNotContain("follows the " + SECRET_WORD);
    assertThat(mcp(keyB, session, 3, "get_task", "{\"taskId\":" + taskA + "}"))
        .contains("\"isError\":true");
    String sessionA = mcpSession(keyA);
    assertThat(mcp(keyA, sessionA, 2, "get_task", "{\"taskId\":" + taskA + "}"))
        .contains("Alpha's secret task");
  }

  private static String repoMarker() {
    return work.resolve("repo").toString();
  }

  private static String tenant(String platformKey, String slug) throws Exception {
    return new Api(saas.gatewayUrl(), platformKey).createTenant(slug, "team");
  }

  private static String mcpSession(String key) throws Exception {
    HttpResponse<String> init =
        HTTP.send(
            mcpRequest(
                key,
                null,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"iso\",\"version\":\"1\"}}}"),
            HttpResponse.BodyHandlers.ofString());
    assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    HTTP.send(
        mcpRequest(key, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
        HttpResponse.BodyHandlers.discarding());
    return session;
  }

  private static String mcp(String key, String session, int id, String tool, String arguments)
      throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            mcpRequest(
                key,
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":"
                    + id
                    + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
                    + tool
                    + "\",\"arguments\":"
                    + arguments
                    + "}}"),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private static HttpRequest mcpRequest(String key, String session, String json) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(saas.gatewayUrl() + "/mcp"))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (session != null) {
      b.header("Mcp-Session-Id", session);
    }
    return b.build();
  }

  private static String call(String method, String path, String key, String json, int expected)
      throws Exception {
    return new Api(saas.gatewayUrl(), key).call(method, path, json, expected);
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]+)").matcher(json);
    assertThat(m.find()).as(name + " in " + json).isTrue();
    return m.group(1);
  }
}
