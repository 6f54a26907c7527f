package dev.devflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Connecting GitHub by OAuth on a SaaS installation, in Chromium, through the real api-gateway,
 * dashboard and integration-services (GitHub itself is a loopback WireMock): the provider sends the
 * browser to the dashboard's callback page, which the gateway serves without a key, and the
 * signed-in dashboard completes the connection through the callback API, which needs one. A forged
 * or replayed state never reaches the provider; a browser that comes back signed out signs in and
 * completes.
 */
@ExtendWith(WithDevflowStack.class)
class IntegrationsOAuthE2EIT {

  static final String TENANT = "e2e_oauth";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static FakeGitHub github;
  static SaasStack saas;
  static Path logs;
  static String adminKey;

  @BeforeAll
  static void saasWithIntegrations() throws Exception {
    DevflowStack stack = DevflowStack.get();
    // Kept in e2e/target (the stack's own home goes when it stops), fresh for each run.
    logs = Path.of(System.getProperty("e2e.stack-logs", "target/stack-logs")).resolve("saas-oauth");
    Commands.deleteQuietly(logs);
    github = new FakeGitHub();
    saas = SaasStack.withIntegrations(stack, logs, github.environment());
    github.acceptRedirectsTo(saas.gatewayUrl() + "/integrations/callback/github");
    Commands.Result admin = stack.devflow("create-admin", "--email", "oauth-root@e2e.devflow.test");
    Matcher platformKey = Pattern.compile("(dfk_\\S+)").matcher(admin.output());
    assertThat(platformKey.find()).as(admin.output()).isTrue();
    String tenant =
        call(
            "POST",
            "/api/v1/tenants",
            platformKey.group(1),
            "{\"slug\":\"%s\",\"name\":\"OAuth e2e\",\"plan\":\"team\",\"adminEmail\":\"admin@%s.test\"}"
                .formatted(TENANT, TENANT),
            201);
    Matcher key = Pattern.compile("\"apiKey\"\\s*:\\s*\"([^\"]+)\"").matcher(tenant);
    assertThat(key.find()).as(tenant).isTrue();
    adminKey = key.group(1);
  }

  @AfterAll
  static void stop() {
    if (saas != null) {
      saas.close();
    }
    if (github != null) {
      github.close();
    }
  }

  @Test
  void aTenantAdminConnectsGitHubInARealBrowser() throws Exception {
    Path screenshots = Path.of(System.getProperty("e2e.screenshots", "target/screenshots"));
    Commands.Result result =
        Node.run(
            "dashboard/integrations.e2e.mjs",
            Map.of(
                "SAAS_URL", saas.gatewayUrl(),
                "ADMIN_KEY", adminKey,
                "TENANT", TENANT,
                "GITHUB_URL", github.url(),
                "ACCOUNT", FakeGitHub.LOGIN,
                "SCREENSHOTS", screenshots.toString(),
                "CHROMIUM", Browser.chromium()),
            Duration.ofSeconds(120));
    assertThat(result.exitCode())
        .as("integrations e2e script (services' logs: %s)\n%s", logs, result.output())
        .isZero();
    assertThat(result.output()).contains("integrations e2e: 4 steps passed");
    assertThat(result.output()).doesNotContain(adminKey).doesNotContain(FakeGitHub.TOKEN);

    // Two consents, two code exchanges, each proving its own PKCE challenge; the forged and the
    // replayed state were refused before anything was sent to the provider.
    assertThat(github.authorizations()).isEqualTo(2);
    assertThat(github.exchangedChallenges())
        .hasSize(2)
        .containsExactlyInAnyOrderElementsOf(github.challenges());

    String connections = call("GET", "/api/v1/integrations/connections", adminKey, null, 200);
    assertThat(connections.split("\"account\":\"" + FakeGitHub.LOGIN + "\"", -1)).hasSize(3);
    assertThat(connections).contains("\"createdBy\":\"admin@" + TENANT + ".test\"");
    assertThat(connections).doesNotContain(FakeGitHub.TOKEN);
    try (Stream<Path> files = Files.list(logs)) {
      for (Path log : files.filter(p -> p.toString().endsWith(".log")).toList()) {
        assertThat(Files.readString(log))
            .as("%s never shows the token or the client secret", log.getFileName())
            .doesNotContain(FakeGitHub.TOKEN)
            .doesNotContain(FakeGitHub.CLIENT_SECRET);
      }
    }
  }

  @Test
  void theCallbackPageNeedsNoKeyButTheCallbackApiDoes() throws Exception {
    HttpResponse<String> page =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(saas.gatewayUrl() + "/integrations/callback/github?code=x&state=y"))
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(page.body()).contains("<div id=\"root\"></div>");

    HttpResponse<String> api =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        saas.gatewayUrl() + "/api/v1/integrations/github/callback?code=x&state=y"))
                .header("Accept", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(api.statusCode()).as(api.body()).isEqualTo(401);
    assertThat(api.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
  }

  private static String call(String method, String path, String key, String json, int expected)
      throws Exception {
    return new Api(saas.gatewayUrl(), key).call(method, path, json, expected);
  }
}
