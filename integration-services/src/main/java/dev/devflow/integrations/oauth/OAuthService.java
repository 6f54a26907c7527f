package dev.devflow.integrations.oauth;

import dev.devflow.common.persistence.EventLog;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.integrations.config.IntegrationsConfig;
import dev.devflow.integrations.connection.Connection;
import dev.devflow.integrations.connection.ConnectionService;
import dev.devflow.integrations.connection.ConnectionView;
import dev.devflow.integrations.provider.Provider;
import dev.devflow.integrations.secret.Secrets;
import dev.devflow.integrations.tokens.Account;
import dev.devflow.integrations.tokens.GitHubOAuth;
import dev.devflow.integrations.tokens.OAuthProvider;
import dev.devflow.integrations.tokens.OAuthProviders;
import dev.devflow.integrations.tokens.TokenSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * The authorization-code flow with PKCE: a random state bound to the tenant (it lives in the
 * tenant's schema), the user and the provider, valid for ten minutes and for one callback; the code
 * is traded for tokens which are stored encrypted.
 */
@ApplicationScoped
public class OAuthService {

  /** How long a started authorization may take. */
  public static final Duration STATE_LIFETIME = Duration.ofMinutes(10);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final IntegrationsConfig config;
  private final OAuthProviders providers;
  private final OAuthStateRepository states;
  private final Secrets secrets;
  private final ConnectionService connections;
  private final EventLog events;

  public OAuthService(
      IntegrationsConfig config,
      OAuthProviders providers,
      OAuthStateRepository states,
      Secrets secrets,
      ConnectionService connections,
      EventLog events) {
    this.config = config;
    this.providers = providers;
    this.states = states;
    this.secrets = secrets;
    this.connections = connections;
    this.events = events;
  }

  /** Starts an authorization for the user of the tenant. */
  public AuthorizationStart start(String tenant, String user, Provider provider) {
    OAuthProvider oauth = providers.configured(provider);
    String state = random();
    String verifier = random();
    URI redirect = redirectUri(provider);
    Instant expires = Instant.now().plus(STATE_LIFETIME);
    String hash = sha256(state);
    String sealed = secrets.cipher().encrypt(verifier, tenant + "/state/" + hash);
    states.insert(
        tenant,
        hash,
        new OAuthStateRepository.PendingState(
            provider.id(), user, sealed, redirect.toString(), expires));
    String challenge =
        Base64.getUrlEncoder().withoutPadding().encodeToString(sha256Bytes(verifier));
    return new AuthorizationStart(
        oauth.authorizationUrl(state, challenge, redirect), redirect, expires);
  }

  /** Completes an authorization: checks the state, trades the code, stores the connection. */
  public ConnectionView complete(
      String tenant, String user, Provider provider, String code, String state, String error) {
    if (error != null && !error.isBlank()) {
      throw new ProblemException(
          ProblemType.FORBIDDEN,
          "The provider reports '" + GitHubOAuth.safe(error) + "': access was not granted.",
          "error");
    }
    if (state == null || state.isBlank()) {
      throw ProblemException.invalid("state", "The callback carries no 'state'.");
    }
    if (code == null || code.isBlank()) {
      throw ProblemException.invalid("code", "The callback carries no authorization 'code'.");
    }
    String hash = sha256(state);
    OAuthStateRepository.PendingState pending =
        states.take(tenant, hash).orElseThrow(() -> forged());
    if (!pending.provider().equals(provider.id()) || !pending.user().equals(user)) {
      throw forged();
    }
    if (pending.expiresAt().isBefore(Instant.now())) {
      throw ProblemException.invalid(
          "state",
          "This authorization was started more than 10 minutes ago and has expired; start again.");
    }
    String verifier = secrets.cipher().decrypt(pending.sealedVerifier(), tenant + "/state/" + hash);
    OAuthProvider oauth = providers.configured(provider);
    TokenSet tokens = oauth.exchange(code, verifier, URI.create(pending.redirectUri()));
    Account account = oauth.account(tokens.accessToken());
    Connection created = connections.create(tenant, user, provider, tokens, account);
    events.append(
        tenant,
        "integration.connected",
        created.id().toString(),
        Map.of("provider", provider.id(), "account", account.name()));
    return connections.view(tenant, created);
  }

  /**
   * The dashboard's callback page, not the API: the provider sends the browser there without the
   * API key the gateway needs, and the signed-in dashboard relays code and state to the callback
   * API as its user, so the state stays bound to tenant and user.
   */
  private URI redirectUri(Provider provider) {
    return URI.create(
        config.publicUrl().toString().replaceAll("/+$", "")
            + "/integrations/callback/"
            + provider.id());
  }

  private static ProblemException forged() {
    return ProblemException.invalid(
        "state",
        "Unknown or already used 'state': it was not issued to you in this tenant for this"
            + " provider. Start the connection again.");
  }

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String sha256(String s) {
    return HexFormat.of().formatHex(sha256Bytes(s));
  }

  private static byte[] sha256Bytes(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
