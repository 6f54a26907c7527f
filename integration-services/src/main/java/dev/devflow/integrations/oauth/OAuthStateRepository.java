package dev.devflow.integrations.oauth;

import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.tenant.TenantSlug;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/** Pending authorizations of a tenant, keyed by a hash of their state (never the state itself). */
@ApplicationScoped
public class OAuthStateRepository {

  /** A pending authorization. */
  public record PendingState(
      String provider, String user, String sealedVerifier, String redirectUri, Instant expiresAt) {}

  private final TenantSql sql;

  public OAuthStateRepository(TenantSql sql) {
    this.sql = sql;
  }

  public void insert(String tenant, String hash, PendingState s) {
    sql.update(
        TenantSlug.of(tenant),
        "INSERT INTO {schema}.oauth_states (state_hash, provider, user_sub, code_verifier, redirect_uri,"
            + " expires_at) VALUES (?,?,?,?,?,?)",
        hash,
        s.provider(),
        s.user(),
        s.sealedVerifier(),
        s.redirectUri(),
        s.expiresAt());
    // Old abandoned attempts go away as new ones arrive.
    sql.update(
        TenantSlug.of(tenant),
        "DELETE FROM {schema}.oauth_states WHERE expires_at < now() - interval '1 day'");
  }

  /** Removes and returns the state: each state is good for one callback only. */
  public Optional<PendingState> take(String tenant, String hash) {
    return sql.one(
        TenantSlug.of(tenant),
        "DELETE FROM {schema}.oauth_states WHERE state_hash = ? RETURNING provider, user_sub,"
            + " code_verifier, redirect_uri, expires_at",
        rs ->
            new PendingState(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                TenantSql.instant(rs, "expires_at")),
        hash);
  }
}
