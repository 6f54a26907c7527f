package dev.devflow.integrations.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Atlassian OAuth 2.0 (3LO) for Jira and Confluence Cloud: auth.atlassian.com/authorize with PKCE,
 * /oauth/token for codes and (rotating) refresh tokens, and /oauth/token/accessible-resources for
 * the site. Atlassian offers no revocation endpoint for 3LO apps: disconnecting deletes our copy
 * and the user revokes the app under their Atlassian account's "Connected apps".
 */
@ApplicationScoped
public class AtlassianOAuth implements OAuthProvider {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final IntegrationsConfig.Atlassian config;
  private final ProviderHttp http;
  private final Secrets secrets;

  public AtlassianOAuth(IntegrationsConfig config, ProviderHttp http, Secrets secrets) {
    this.config = config.atlassian();
    this.http = http;
    this.secrets = secrets;
  }

  @Override
  public Provider provider() {
    return Provider.ATLASSIAN;
  }

  @Override
  public boolean configured() {
    return config.clientId().isPresent() && config.clientSecret().isPresent();
  }

  @Override
  public URI authorizationUrl(String state, String challenge, URI redirectUri) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("audience", "api.atlassian.com");
    q.put("client_id", config.clientId().orElseThrow());
    q.put("scope", config.scopes());
    q.put("redirect_uri", redirectUri.toString());
    q.put("state", state);
    q.put("response_type", "code");
    q.put("prompt", "consent");
    q.put("code_challenge", challenge);
    q.put("code_challenge_method", "S256");
    return URI.create(GitHubOAuth.base(config.authUrl()) + "/authorize?" + Forms.encode(q));
  }

  @Override
  public TokenSet exchange(String code, String verifier, URI redirectUri) {
    ObjectNode body = credentials("authorization_code");
    body.put("code", code);
    body.put("redirect_uri", redirectUri.toString());
    body.put("code_verifier", verifier);
    ProviderResponse response = tokenCall(body);
    if (response.status() >= 400 && response.status() < 500) {
      throw new ProblemException(
          ProblemType.UNPROCESSABLE,
          "Atlassian refused the authorization code ("
              + GitHubOAuth.safe(response.json().path("error").asText("invalid_grant"))
              + "); start the connection again.",
          "code");
    }
    return tokens(response);
  }

  @Override
  public TokenSet refresh(String refreshToken) {
    ObjectNode body = credentials("refresh_token");
    body.put("refresh_token", refreshToken);
    ProviderResponse response = tokenCall(body);
    if (!response.ok()) {
      throw new ProviderException(
          response.status() >= 500 ? 502 : 401,
          "Atlassian refused the refresh token (" + response.status() + ").");
    }
    return tokens(response);
  }

  @Override
  public Account account(String accessToken) {
    ProviderResponse response =
        http.send(
            ProviderRequest.get(
                    URI.create(
                        GitHubOAuth.base(config.apiUrl()) + "/oauth/token/accessible-resources"))
                .bearer(accessToken)
                .with("Accept", "application/json"));
    if (!response.ok()) {
      throw new ProviderException(response.status(), "Atlassian did not accept the new token.");
    }
    JsonNode sites = response.json();
    if (!sites.isArray() || sites.isEmpty()) {
      throw new ProblemException(
          ProblemType.UNPROCESSABLE,
          "The Atlassian account granted access to no Jira or Confluence site; choose a site on"
              + " the consent page.",
          "code");
    }
    JsonNode site = sites.get(0);
    return new Account(
        site.path("name").asText(), site.path("id").asText(), site.path("url").asText(null));
  }

  @Override
  public boolean revoke(String accessToken) {
    return false;
  }

  private ObjectNode credentials(String grant) {
    ObjectNode body = JSON.createObjectNode();
    body.put("grant_type", grant);
    body.put("client_id", config.clientId().orElseThrow());
    body.put("client_secret", secrets.clientSecret(config.clientSecret()).orElseThrow());
    return body;
  }

  private ProviderResponse tokenCall(ObjectNode body) {
    ProviderResponse response =
        http.send(
            ProviderRequest.post(
                    URI.create(GitHubOAuth.base(config.authUrl()) + "/oauth/token"),
                    "application/json",
                    body.toString())
                .with("Accept", "application/json"));
    if (response.status() >= 500) {
      throw new ProblemException(
          ProblemType.BAD_GATEWAY,
          "Atlassian's token endpoint answered " + response.status() + ".");
    }
    return response;
  }

  private static TokenSet tokens(ProviderResponse response) {
    JsonNode body = response.json();
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
}
