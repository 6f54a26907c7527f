package dev.devflow.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * github.com's OAuth web flow on 127.0.0.1 (WireMock): the consent page consents at once and sends
 * the browser back to the {@code redirect_uri} it was given with {@code code=abc} and the {@code
 * state} it received; the token endpoint trades that code (with the app's credentials and a PKCE
 * verifier) for {@link #TOKEN}; {@code /user} names {@link #LOGIN}. Anything else is a 404.
 */
public final class FakeGitHub implements AutoCloseable {

  public static final String CLIENT_ID = "Iv1.e2e0auth0client";
  public static final String CLIENT_SECRET = "e2e-github-client-secret";
  public static final String LOGIN = "octo-e2e";
  public static final String TOKEN = "gho_e2eAccessToken0123456789abcdef";

  private final WireMockServer server =
      new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());

  public FakeGitHub() {
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.port();
  }

  /** What integration-services needs to use it as GitHub. */
  public Map<String, String> environment() {
    return Map.of(
        "GITHUB_CLIENT_ID",
        CLIENT_ID,
        "GITHUB_CLIENT_SECRET",
        CLIENT_SECRET,
        "DEVFLOW_INTEGRATIONS_GITHUB_WEB_URL",
        url(),
        "DEVFLOW_INTEGRATIONS_GITHUB_API_URL",
        url());
  }

  /** Answers authorizations asking to come back to {@code redirectUri}, and only those. */
  public void acceptRedirectsTo(String redirectUri) {
    server.stubFor(
        get(urlPathEqualTo("/login/oauth/authorize"))
            .withQueryParam("client_id", equalTo(CLIENT_ID))
            .withQueryParam("redirect_uri", equalTo(redirectUri))
            .withQueryParam("code_challenge_method", equalTo("S256"))
            .withQueryParam("code_challenge", matching("[A-Za-z0-9_-]{43}"))
            .withQueryParam("state", matching("[A-Za-z0-9_-]{20,}"))
            .willReturn(
                aResponse()
                    .withStatus(302)
                    .withHeader(
                        "Location",
                        "{{{request.query.redirect_uri}}}?code=abc&state={{{request.query.state}}}")
                    .withTransformers("response-template")));
    server.stubFor(
        post(urlPathEqualTo("/login/oauth/access_token"))
            .withFormParam("client_id", equalTo(CLIENT_ID))
            .withFormParam("client_secret", equalTo(CLIENT_SECRET))
            .withFormParam("code", equalTo("abc"))
            .withFormParam("redirect_uri", equalTo(redirectUri))
            .withFormParam("code_verifier", matching("[A-Za-z0-9_-]{43,128}"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"access_token\":\""
                            + TOKEN
                            + "\",\"token_type\":\"bearer\",\"scope\":\"repo,read:user\"}")));
    server.stubFor(
        get(urlPathEqualTo("/user"))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"login\":\""
                            + LOGIN
                            + "\",\"id\":4242,\"html_url\":\"https://github.com/"
                            + LOGIN
                            + "\"}")));
  }

  /** How many consent pages browsers opened. */
  public int authorizations() {
    return server.findAll(getRequestedFor(urlPathEqualTo("/login/oauth/authorize"))).size();
  }

  /** The S256 code challenges of the consent pages opened. */
  public List<String> challenges() {
    return server.findAll(getRequestedFor(urlPathEqualTo("/login/oauth/authorize"))).stream()
        .map(r -> r.queryParameter("code_challenge").firstValue())
        .toList();
  }

  /** For each code exchanged, the S256 challenge its verifier proves. */
  public List<String> exchangedChallenges() {
    return server.findAll(postRequestedFor(urlPathEqualTo("/login/oauth/access_token"))).stream()
        .map(FakeGitHub::verifier)
        .map(FakeGitHub::s256)
        .toList();
  }

  private static String verifier(LoggedRequest request) {
    Map<String, String> form =
        Arrays.stream(request.getBodyAsString().split("&"))
            .map(pair -> pair.split("=", 2))
            .collect(
                Collectors.toMap(
                    kv -> URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv -> kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "",
                    (a, b) -> a));
    return form.getOrDefault("code_verifier", "");
  }

  private static String s256(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop();
  }
}
