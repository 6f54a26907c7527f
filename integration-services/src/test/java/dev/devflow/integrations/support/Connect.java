package dev.devflow.integrations.support;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.devflow.integrations.support.FakeProviders.json;
import static dev.devflow.integrations.support.FakeProviders.wireMock;
import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Connects providers for tests the way a user does: authorize, then the provider's callback. */
public final class Connect {

  private static volatile Map<String, String> last;

  private Connect() {}

  /**
   * The query of the authorization most recently started by {@link #github} or {@link #atlassian}.
   */
  public static Map<String, String> lastAuthorization() {
    return last;
  }

  /** A request as the tenant's caller (null: an unauthenticated loopback call, tenant local). */
  public static RequestSpecification as(String bearer) {
    RequestSpecification spec = given();
    return bearer == null ? spec : spec.header("Authorization", bearer);
  }

  /** Starts an authorization and returns its URL's query parameters. */
  public static Map<String, String> authorize(String bearer, String provider) {
    String url =
        as(bearer)
            .post("/api/v1/integrations/" + provider + "/authorize")
            .then()
            .statusCode(200)
            .extract()
            .path("authorizationUrl");
    return query(URI.create(url));
  }

  /** Stubs GitHub for the code and token, connects, and returns the connection id. */
  public static String github(String bearer, String code, String token, String login) {
    wireMock()
        .stubFor(
            post(urlPathEqualTo("/gh-web/login/oauth/access_token"))
                .withFormParam("code", equalTo(code))
                .willReturn(
                    json(
                        "{\"access_token\":\""
                            + token
                            + "\",\"scope\":\"repo\",\"token_type\":\"bearer\"}")));
    wireMock()
        .stubFor(
            get(urlPathEqualTo("/gh-api/user"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(
                    json(
                        "{\"login\":\""
                            + login
                            + "\",\"html_url\":\"https://github.com/"
                            + login
                            + "\"}")));
    Map<String, String> q = authorize(bearer, "github");
    last = q;
    return as(bearer)
        .queryParam("code", code)
        .queryParam("state", q.get("state"))
        .get("/api/v1/integrations/github/callback")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  /** Stubs Atlassian for the code and tokens, connects, and returns the connection id. */
  public static String atlassian(
      String bearer, String code, String access, String refresh, int expiresIn, String cloudId) {
    wireMock()
        .stubFor(
            post(urlPathEqualTo("/atl-auth/oauth/token"))
                .withRequestBody(matchingJsonPath("$.code", equalTo(code)))
                .willReturn(
                    json(
                        "{\"access_token\":\""
                            + access
                            + "\",\"refresh_token\":\""
                            + refresh
                            + "\",\"expires_in\":"
                            + expiresIn
                            + ",\"scope\":\"read:jira-work offline_access\"}")));
    wireMock()
        .stubFor(
            get(urlPathEqualTo("/atl-api/oauth/token/accessible-resources"))
                .withHeader("Authorization", equalTo("Bearer " + access))
                .willReturn(
                    json(
                        "[{\"id\":\""
                            + cloudId
                            + "\",\"name\":\"acme\",\"url\":\"https://acme.atlassian.net\"}]")));
    Map<String, String> q = authorize(bearer, "atlassian");
    last = q;
    return as(bearer)
        .queryParam("code", code)
        .queryParam("state", q.get("state"))
        .get("/api/v1/integrations/atlassian/callback")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  public static Map<String, String> query(URI uri) {
    Map<String, String> out = new HashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
