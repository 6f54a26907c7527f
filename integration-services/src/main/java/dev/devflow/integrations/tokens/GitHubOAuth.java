package dev.devflow.integrations.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.integrations.config.IntegrationsConfig;
import dev.devflow.integrations.provider.Provider;
import dev.devflow.integrations.provider.ProviderException;
import dev.devflow.integrations.provider.ProviderHttp;
import dev.devflow.integrations.provider.ProviderRequest;
import dev.devflow.integrations.provider.ProviderResponse;
import dev.devflow.integrations.secret.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GitHub's web application flow (OAuth Apps, and GitHub Apps' user tokens, which may expire and
 * come with a refresh token): /login/oauth/authorize, /login/oauth/access_token with PKCE, revoke
 * through DELETE /applications/{client_id}/grant.
 */
@ApplicationScoped
public class GitHubOAuth implements OAuthProvider {

  private final IntegrationsConfig.GitHub config;
  private final ProviderHttp http;
  private final Secrets secrets;

  public GitHubOAuth(IntegrationsConfig config, ProviderHttp http, Secrets secrets) {
    this.config = config.github();
    this.http = http;
    this.secrets = secrets;
  }

  @Override
  public Provider provider() {
    return Provider.GITHUB;
  }

  @Override
  public boolean configured() {
    return config.clientId().isPresent() && config.clientSecret().isPresent();
  }

  @Override
  public URI authorizationUrl(String state, String challenge, URI redirectUri) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("client_id", config.clientId().orElseThrow());
    q.put("redirect_uri", redirectUri.toString());
    q.put("scope", config.scopes());
    q.put("state", state);
    q.put("code_challenge", challenge);
    q.put("code_challenge_method", "S256");
    q.put("allow_signup", "false");
    return URI.create(base(config.webUrl()) + "/login/oauth/authorize?" + Forms.encode(q));
  }

  @Override
  public TokenSet exchange(String code, String verifier, URI redirectUri) {
    Map<String, String> form = credentials();
    form.put("code", code);
    form.put("redirect_uri", redirectUri.toString());
    form.put("code_verifier", verifier);
    JsonNode body = tokenCall(form);
    if (body.hasNonNull("error")) {
      throw new ProblemException(
          ProblemType.UNPROCESSABLE,
          "GitHub refused the authorization code ("
              + safe(body.path("error").asText())
              + "); start the connection again.",
          "code");
    }
    return tokens(body);
  }

  @Override
  public TokenSet refresh(String refreshToken) {
    Map<String, String> form = credentials();
    form.put("grant_type", "refresh_token");
    form.put("refresh_token", refreshToken);
    JsonNode body = tokenCall(form);
    if (body.hasNonNull("error")) {
      throw new ProviderException(
          400, "GitHub refused the refresh token (" + safe(body.path("error").asText()) + ").");
    }
    return tokens(body);
  }

  @Override
  public Account account(String accessToken) {
    ProviderResponse response =
        http.send(
            ProviderRequest.get(URI.create(base(config.apiUrl()) + "/user"))
                .bearer(accessToken)
                .with("Accept", "application/vnd.github+json"));
    if (!response.ok()) {
      throw new ProviderException(response.status(), "GitHub did not accept the new token.");
    }
    JsonNode user = response.json();
    return new Account(user.path("login").asText(), null, user.path("html_url").asText(null));
  }

  @Override
  public boolean revoke(String accessToken) {
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (config.clientId().orElseThrow() + ":" + clientSecret())
                    .getBytes(StandardCharsets.UTF_8));
    String uri =
        base(config.apiUrl()) + "/applications/" + config.clientId().orElseThrow() + "/grant";
    ProviderRequest request =
        new ProviderRequest(
                "DELETE",
                URI.create(uri),
                new LinkedHashMap<>(),
                "{\"access_token\":\"" + accessToken.replace("\"", "") + "\"}")
            .with("Authorization", "Basic " + basic)
            .with("Content-Type", "application/json")
            .with("Accept", "application/vnd.github+json");
    return http.send(request).status() == 204;
  }

  private JsonNode tokenCall(Map<String, String> form) {
    ProviderResponse response =
        http.send(
            ProviderRequest.post(
                    URI.create(base(config.webUrl()) + "/login/oauth/access_token"),
                    "application/x-www-form-urlencoded",
                    Forms.encode(form))
                .with("Accept", "application/json"));
    if (!response.ok()) {
      throw new ProblemException(
          ProblemType.BAD_GATEWAY, "GitHub's token endpoint answered " + response.status() + ".");
    }
    return response.json();
  }

  private Map<String, String> credentials() {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("client_id", config.clientId().orElseThrow());
    form.put("client_secret", clientSecret());
    return form;
  }

  private String clientSecret() {
    return secrets.clientSecret(config.clientSecret()).orElseThrow();
  }

  private static TokenSet tokens(JsonNode body) {
    Instant expires =
        body.hasNonNull("expires_in")
            ? Instant.now().plusSeconds(body.path("expires_in").asLong())
            : null;
    return new TokenSet(
        body.path("access_token").asText(),
        body.path("refresh_token").asText(null),
        expires,
        body.path("scope").asText(null));
  }

  static String base(URI uri) {
    return uri.toString().replaceAll("/+$", "");
  }

  /** A provider's error code cut to plain characters, so it can go into a message unescaped. */
  public static String safe(String s) {
    return s.replaceAll("[^A-Za-z0-9_. -]", "")
        .substring(0, Math.min(80, s.replaceAll("[^A-Za-z0-9_. -]", "").length()));
  }
}
