package dev.devflow.integrations.connection;

import dev.devflow.common.persistence.EventLog;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.integrations.config.IntegrationsConfig;
import dev.devflow.integrations.provider.ProviderException;
import dev.devflow.integrations.tokens.OAuthProviders;
import dev.devflow.integrations.tokens.TokenSet;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Hands out a working access token of a connection: refreshed ahead of its expiry (one refresh at a
 * time, under a row lock, since Atlassian rotates refresh tokens), refreshed once more when the
 * provider answers 401, and the connection marked for reauthorization when that fails too.
 */
@ApplicationScoped
public class AccessTokens {

  private final ConnectionRepository repository;
  private final TokenVault vault;
  private final OAuthProviders providers;
  private final IntegrationsConfig config;
  private final EventLog events;

  public AccessTokens(
      ConnectionRepository repository,
      TokenVault vault,
      OAuthProviders providers,
      IntegrationsConfig config,
      EventLog events) {
    this.repository = repository;
    this.vault = vault;
    this.providers = providers;
    this.config = config;
    this.events = events;
  }

  /** Runs the call with the connection's token, refreshing and retrying once on a 401. */
  public <T> T withToken(String tenant, UUID connection, Function<String, T> call) {
    String token = current(tenant, connection, false);
    try {
      return call.apply(token);
    } catch (ProviderException e) {
      if (!e.unauthorized()) {
        throw e;
      }
      return call.apply(current(tenant, connection, true));
    }
  }

  /** A token valid for a while yet; {@code force} refreshes even a token that looks fresh. */
  public String current(String tenant, UUID id, boolean force) {
    Connection c = usable(tenant, id);
    if (!force && !expiresSoon(c)) {
      return vault.open(tenant, id, "access_token", c.accessToken());
    }
    if (c.refreshToken() == null) {
      markReauthorize(tenant, c, "the provider refused the token and issued no refresh token");
      throw reauthorize(c);
    }
    return refresh(tenant, id, force);
  }

  private String refresh(String tenant, UUID id, boolean force) {
    try {
      return QuarkusTransaction.requiringNew()
          .call(
              () -> {
                Connection locked = repository.lock(tenant, id).orElseThrow();
                if (!force && !expiresSoon(locked)) {
                  // another thread refreshed it while we waited for the lock
                  return vault.open(tenant, id, "access_token", locked.accessToken());
                }
                String refresh = vault.open(tenant, id, "refresh_token", locked.refreshToken());
                TokenSet fresh = providers.configured(locked.provider()).refresh(refresh);
                repository.updateTokens(
                    tenant,
                    id,
                    vault.seal(tenant, id, "access_token", fresh.accessToken()),
                    vault.seal(tenant, id, "refresh_token", fresh.refreshToken()),
                    fresh.expiresAt());
                events.append(
                    tenant,
                    "integration.token-refreshed",
                    id.toString(),
                    Map.of("provider", locked.provider().id()));
                return fresh.accessToken();
              });
    } catch (ProviderException e) {
      if (e.status() == 400 || e.status() == 401) {
        Connection c = usable(tenant, id);
        markReauthorize(tenant, c, e.getMessage());
        throw reauthorize(c);
      }
      throw e;
    }
  }

  private Connection usable(String tenant, UUID id) {
    Connection c =
        repository
            .findConnectionById(tenant, id)
            .orElseThrow(() -> ProblemException.notFound("No connection " + id + "."));
    if (Connection.REAUTHORIZE.equals(c.status())) {
      throw reauthorize(c);
    }
    return c;
  }

  private boolean expiresSoon(Connection c) {
    return c.expiresAt() != null
        && c.expiresAt().isBefore(Instant.now().plus(config.http().refreshAhead()));
  }

  private void markReauthorize(String tenant, Connection c, String why) {
    repository.updateStatus(tenant, c.id(), Connection.REAUTHORIZE);
    events.append(
        tenant,
        "integration.reauthorize",
        c.id().toString(),
        Map.of("provider", c.provider().id(), "reason", why));
  }

  private static ProblemException reauthorize(Connection c) {
    return new ProblemException(
        ProblemType.CONFLICT,
        "The "
            + c.provider().id()
            + " connection "
            + c.id()
            + " was refused by the provider (token expired or revoked); connect it again.",
        "connectionId");
  }
}
