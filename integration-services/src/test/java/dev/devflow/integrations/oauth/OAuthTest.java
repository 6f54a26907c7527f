package dev.devflow.integrations.oauth;

import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.devflow.integrations.support.Connect.as;
import static dev.devflow.integrations.support.FakeProviders.json;
import static dev.devflow.integrations.support.FakeProviders.wireMock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.devflow.common.auth.Role;
import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.common.testing.TestTokens;
import dev.devflow.integrations.support.Connect;
import dev.devflow.integrations.support.FakeProviders;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(FakeProviders.class)
class OAuthTest {

  private static final String ALPHA = TestTokens.bearer("alpha", Role.ADMIN);
  private static final String ALPHA_MEMBER = TestTokens.bearer("alpha", Role.MEMBER);
  private static final String BETA = TestTokens.bearer("beta", Role.ADMIN);

  @Inject AgroalDataSource db;

  @Test
  void githubRoundTripStoresTheTokenEncryptedAndNeverShowsIt() throws Exception {
    Map<String, String> q = Connect.authorize(ALPHA, "github");
    assertThat(q)
        .containsEntry("client_id", "gh-client")
        .containsEntry("code_challenge_method", "S256")
        .containsEntry("redirect_uri", "http://localhost:3737/integrations/callback/github");
    wireMock()
        .stubFor(
            post(urlPathEqualTo("/gh-web/login/oauth/access_token"))
                .withFormParam("code", WireMock.equalTo("code-rt"))
                .willReturn(json("{\"access_token\":\"gho_roundtrip\",\"scope\":\"repo\"}")));
    wireMock()
        .stubFor(
            get(urlPathEqualTo("/gh-api/user"))
                .withHeader("Authorization", WireMock.equalTo("Bearer gho_roundtrip"))
                .willReturn(json("{\"login\":\"octo\"}")));

    String body =
        as(ALPHA)
            .queryParam("code", "code-rt")
            .queryParam("state", q.get("state"))
            .get("/api/v1/integrations/github/callback")
            .then()
            .statusCode(201)
            .body("provider", equalTo("github"))
            .body("account", equalTo("octo"))
            .body("status", equalTo("active"))
            .extract()
            .asString();
    assertThat(body).doesNotContain("gho_roundtrip");

    // The code was traded with the secret from 1Password and the PKCE verifier of the challenge.
    LoggedRequest exchange =
        wireMock()
            .findAll(
                postRequestedFor(urlPathEqualTo("/gh-web/login/oauth/access_token"))
                    .withRequestBody(WireMock.containing("code=code-rt")))
            .get(0);
    Map<String, String> form = form(exchange.getBodyAsString());
    assertThat(form).containsEntry("client_secret", FakeProviders.GITHUB_SECRET);
    // The exchange names the redirect URI the authorization was started with (the dashboard page).
    assertThat(form)
        .containsEntry("redirect_uri", "http://localhost:3737/integrations/callback/github");
    assertThat(s256(form.get("code_verifier"))).isEqualTo(q.get("code_challenge"));

    String stored =
        column("alpha", "SELECT access_token FROM tenant_alpha.connections WHERE account = 'octo'");
    assertThat(stored).startsWith("v1.old.").doesNotContain("gho_roundtrip");

    // A state is good for one callback only.
    as(ALPHA)
        .queryParam("code", "code-rt")
        .queryParam("state", q.get("state"))
        .get("/api/v1/integrations/github/callback")
        .then()
        .statusCode(400)
        .body("field", equalTo("state"));
    assertThat(as(ALPHA).get("/api/v1/integrations/connections").asString()).doesNotContain("gho_");
  }

  @Test
  void theCodeIsTradedWithTheRedirectUriStoredWithTheState() throws Exception {
    // An authorization started before DEVFLOW_PUBLIC_URL changed must finish with the URI the
    // provider saw at the start, or the provider refuses the exchange.
    Map<String, String> q = Connect.authorize(ALPHA, "github");
    String earlier = "https://devflow.example.com/integrations/callback/github";
    try (Connection c = db.getConnection();
        var update =
            c.prepareStatement(
                "UPDATE tenant_alpha.oauth_states SET redirect_uri = ? WHERE state_hash = ?")) {
      update.setString(1, earlier);
      update.setString(2, java.util.HexFormat.of().formatHex(sha256(q.get("state"))));
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
    wireMock()
        .stubFor(
            post(urlPathEqualTo("/gh-web/login/oauth/access_token"))
                .withFormParam("code", WireMock.equalTo("code-stored-uri"))
                .withFormParam("redirect_uri", WireMock.equalTo(earlier))
                .willReturn(json("{\"access_token\":\"gho_stored_uri\",\"scope\":\"repo\"}")));
    wireMock()
        .stubFor(
            get(urlPathEqualTo("/gh-api/user"))
                .withHeader("Authorization", WireMock.equalTo("Bearer gho_stored_uri"))
                .willReturn(json("{\"login\":\"moved\"}")));

    as(ALPHA)
        .queryParam("code", "code-stored-uri")
        .queryParam("state", q.get("state"))
        .get("/api/v1/integrations/github/callback")
        .then()
        .statusCode(201)
        .body("account", equalTo("moved"));
  }

  @Test
  void atlassianRoundTripUsesPkceAndRefreshesBeforeExpiry() {
    Map<String, String> start = Connect.authorize(ALPHA, "atlassian");
    assertThat(start).containsEntry("audience", "api.atlassian.com").containsKey("code_challenge");
    assertThat(start.get("scope")).contains("offline_access");
    // expires in 60 s: inside the 5-minute refresh-ahead window, so the first use refreshes it
    String id =
        Connect.atlassian(ALPHA, "code-atl-rt", "atl-access-1", "atl-refresh-1", 60, "cloud-rt");
    wireMock()
        .stubFor(
            post(urlPathEqualTo("/atl-auth/oauth/token"))
                .withRequestBody(
                    matchingJsonPath("$.refresh_token", WireMock.equalTo("atl-refresh-1")))
                .withRequestBody(
                    matchingJsonPath("$.grant_type", WireMock.equalTo("refresh_token")))
                .willReturn(
                    json(
                        "{\"access_token\":\"atl-access-2\",\"refresh_token\":\"atl-refresh-2\","
                            + "\"expires_in\":3600}")));
    wireMock()
        .stubFor(
            get(urlPathEqualTo("/atl-api/ex/jira/cloud-rt/rest/api/3/project/RT"))
                .withHeader("Authorization", WireMock.equalTo("Bearer atl-access-2"))
                .willReturn(json("{\"key\":\"RT\"}")));
    wireMock()
        .stubFor(
            get(urlPathEqualTo("/atl-api/ex/jira/cloud-rt/rest/api/3/search/jql"))
                .willReturn(json("{\"issues\":[],\"isLast\":true}")));

    as(ALPHA)
        .contentType("application/json")
        .body("{\"kind\":\"jira-project\",\"key\":\"RT\"}")
        .post("/api/v1/integrations/connections/" + id + "/targets")
        .then()
        .statusCode(201);

    List<LoggedRequest> exchanges =
        wireMock()
            .findAll(
                postRequestedFor(urlPathEqualTo("/atl-auth/oauth/token"))
                    .withRequestBody(matchingJsonPath("$.code", WireMock.equalTo("code-atl-rt"))));
    Map<String, String> sent = jsonFields(exchanges.get(0).getBodyAsString());
    assertThat(s256(sent.get("code_verifier")))
        .isEqualTo(Connect.lastAuthorization().get("code_challenge"));
    assertThat(Connect.lastAuthorization())
        .containsEntry("redirect_uri", "http://localhost:3737/integrations/callback/atlassian");
    assertThat(sent)
        .containsEntry("redirect_uri", "http://localhost:3737/integrations/callback/atlassian");
    wireMock()
        .verify(
            1,
            postRequestedFor(urlPathEqualTo("/atl-auth/oauth/token"))
                .withRequestBody(
                    matchingJsonPath("$.refresh_token", WireMock.equalTo("atl-refresh-1"))));
    as(ALPHA)
        .get("/api/v1/integrations/connections/" + id)
        .then()
        .statusCode(200)
        .body("tokenExpiresAt", startsWith("20"));
  }

  @Test
  void disconnectRevokesAtGitHubAndForgetsTheConnection() {
    String id = Connect.github(ALPHA, "code-dc", "gho_disconnect", "leaver");
    wireMock()
        .stubFor(
            WireMock.delete(urlPathEqualTo("/gh-api/applications/gh-client/grant"))
                .withRequestBody(WireMock.containing("gho_disconnect"))
                .willReturn(WireMock.aResponse().withStatus(204)));

    as(ALPHA)
        .delete("/api/v1/integrations/connections/" + id)
        .then()
        .statusCode(200)
        .body("revoked", equalTo(true));

    wireMock()
        .verify(1, deleteRequestedFor(urlPathEqualTo("/gh-api/applications/gh-client/grant")));
    as(ALPHA).get("/api/v1/integrations/connections/" + id).then().statusCode(404);
  }

  @Test
  void unknownProviderIsA404NamingTheKnownOnes() {
    as(ALPHA)
        .post("/api/v1/integrations/gitlab/authorize")
        .then()
        .statusCode(404)
        .contentType(startsWith("application/problem+json"))
        .body("field", equalTo("provider"))
        .body("detail", containsString("github and atlassian"));
  }

  @Test
  void forgedMissingAndForeignStatesAreRefused() {
    as(ALPHA)
        .queryParam("code", "x")
        .queryParam("state", "made-up")
        .get("/api/v1/integrations/github/callback")
        .then()
        .statusCode(400)
        .contentType(startsWith("application/problem+json"))
        .body("field", equalTo("state"));
    as(ALPHA)
        .queryParam("code", "x")
        .get("/api/v1/integrations/github/callback")
        .then()
        .statusCode(400)
        .body("field", equalTo("state"));

    Map<String, String> q = Connect.authorize(ALPHA, "github");
    as(ALPHA)
        .queryParam("state", q.get("state"))
        .get("/api/v1/integrations/github/callback")
        .then()
        .statusCode(400)
        .body("field", equalTo("code"))
        .body("detail", containsString("code"));

    // bound to the tenant: beta cannot complete alpha's authorization
    Map<String, String> alphas = Connect.authorize(ALPHA, "github");
    as(BETA)
        .queryParam("code", "x")
        .queryParam("state", alphas.get("state"))
        .get("/api/v1/integrations/github/callback")
        .then()
        .statusCode(400)
        .body("field", equalTo("state"));
    // bound to the user: another user of alpha cannot either
    as(ALPHA_MEMBER)
        .queryParam("code", "x")
        .queryParam("state", alphas.get("state"))
        .get("/api/v1/integrations/github/callback")
        .then()
        .statusCode(400)
        .body("field", equalTo("state"));
    // and to the provider
    Map<String, String> gh = Connect.authorize(ALPHA, "github");
    as(ALPHA)
        .queryParam("code", "x")
        .queryParam("state", gh.get("state"))
        .get("/api/v1/integrations/atlassian/callback")
        .then()
        .statusCode(400)
        .body("field", equalTo("state"));
  }

  @Test
  void aStateOlderThanTenMinutesHasExpired() throws Exception {
    Map<String, String> q = Connect.authorize(ALPHA, "github");
    try (Connection c = db.getConnection()) {
      c.createStatement()
          .executeUpdate(
              "UPDATE tenant_alpha.oauth_states SET expires_at = now() - interval '1 second',"
                  + " created_at = now() - interval '10 minutes 1 second'");
    }
    as(ALPHA)
        .queryParam("code", "x")
        .queryParam("state", q.get("state"))
        .get("/api/v1/integrations/github/callback")
        .then()
        .statusCode(400)
        .body("field", equalTo("state"))
        .body("detail", containsString("expired"));
  }

  @Test
  void aDeniedConsentIsA403AndARefusedCodeA422() {
    as(ALPHA)
        .queryParam("error", "access_denied")
        .queryParam("state", "whatever")
        .get("/api/v1/integrations/github/callback")
        .then()
        .statusCode(403)
        .body("detail", containsString("access_denied"));

    wireMock()
        .stubFor(
            post(urlPathEqualTo("/gh-web/login/oauth/access_token"))
                .withFormParam("code", WireMock.equalTo("stale-code"))
                .willReturn(json("{\"error\":\"bad_verification_code\"}")));
    Map<String, String> q = Connect.authorize(ALPHA, "github");
    as(ALPHA)
        .queryParam("code", "stale-code")
        .queryParam("state", q.get("state"))
        .get("/api/v1/integrations/github/callback")
        .then()
        .statusCode(422)
        .body("field", equalTo("code"))
        .body("detail", containsString("bad_verification_code"));
  }

  @Test
  void viewersCannotConnect() {
    as(TestTokens.bearer("alpha", Role.VIEWER))
        .post("/api/v1/integrations/github/authorize")
        .then()
        .statusCode(403);
    as(null)
        .header("Authorization", "Bearer " + TestTokens.expired("alpha", Role.ADMIN))
        .post("/api/v1/integrations/github/authorize")
        .then()
        .statusCode(401);
  }

  private String column(String tenant, String query) throws Exception {
    try (Connection c = db.getConnection();
        ResultSet rs = c.createStatement().executeQuery(query)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static Map<String, String> form(String body) {
    return Connect.query(URI.create("http://x/?" + body));
  }

  private static Map<String, String> jsonFields(String body) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, String> m =
          new com.fasterxml.jackson.databind.ObjectMapper().readValue(body, Map.class);
      return m;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(String s) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
  }

  static String s256(String verifier) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unused")
  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
