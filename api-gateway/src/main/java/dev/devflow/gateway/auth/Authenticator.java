package dev.devflow.gateway.auth;

import dev.devflow.common.auth.Role;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.gateway.config.GatewayConfig;
import dev.devflow.gateway.db.ControlDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Resolves a presented API key to its caller. Resolutions are cached for a few seconds so the hot
 * path costs no database round trip; suspending a tenant or revoking a key evicts at once, here and
 * (through {@code NOTIFY devflow_control}) in every other gateway replica.
 */
@ApplicationScoped
public class Authenticator {

  private record Resolved(
      byte[] hash,
      Instant expiresAt,
      Instant revokedAt,
      String tenantStatus,
      GatewayCaller caller,
      long loadedAt) {}

  private final ControlDatabase db;
  private final long ttlNanos;
  private final ConcurrentMap<String, Resolved> cache = new ConcurrentHashMap<>();

  @Inject
  public Authenticator(ControlDatabase db, GatewayConfig config) {
    this.db = db;
    this.ttlNanos = config.keyCacheTtl().toNanos();
  }

  /** The caller of a key, from the cache only; empty when a database lookup is needed. */
  public Optional<GatewayCaller> cached(String presented) {
    Optional<ApiKeySecret> key = ApiKeySecret.parse(presented);
    if (key.isEmpty()) {
      throw invalid();
    }
    Resolved hit = cache.get(key.get().prefix());
    if (hit == null || System.nanoTime() - hit.loadedAt() > ttlNanos) {
      return Optional.empty();
    }
    return Optional.of(check(key.get(), hit));
  }

  /** The caller of a key, looking it up if needed (blocking). */
  public GatewayCaller authenticate(String presented) {
    ApiKeySecret key = ApiKeySecret.parse(presented).orElseThrow(Authenticator::invalid);
    Resolved resolved = lookup(key.prefix()).orElseThrow(Authenticator::invalid);
    cache.put(key.prefix(), resolved);
    GatewayCaller caller = check(key, resolved);
    db.asRuntime(
        c -> {
          try (PreparedStatement s = c.prepareStatement("SELECT devflow.touch_api_key(?)")) {
            s.setObject(1, resolved.caller().keyId());
            s.execute();
          }
          return null;
        });
    return caller;
  }

  /** Forgets every cached key of a tenant (suspended, deleted). */
  public void evictTenant(UUID tenantId) {
    cache.values().removeIf(r -> tenantId.equals(r.caller().tenantId()));
  }

  /** Forgets a cached key (revoked). */
  public void evictKey(UUID keyId) {
    cache.values().removeIf(r -> keyId.equals(r.caller().keyId()));
  }

  private static GatewayCaller check(ApiKeySecret key, Resolved resolved) {
    if (!key.matches(resolved.hash())) {
      throw invalid();
    }
    Instant now = Instant.now();
    if (resolved.revokedAt() != null && !resolved.revokedAt().isAfter(now)) {
      throw new ProblemException(ProblemType.UNAUTHORIZED, "This API key has been revoked.");
    }
    if (resolved.expiresAt() != null && !resolved.expiresAt().isAfter(now)) {
      throw new ProblemException(ProblemType.UNAUTHORIZED, "This API key has expired.");
    }
    if (resolved.tenantStatus() != null && !"active".equals(resolved.tenantStatus())) {
      throw new ProblemException(
          ProblemType.FORBIDDEN, "This tenant is " + resolved.tenantStatus() + ".");
    }
    return resolved.caller();
  }

  private Optional<Resolved> lookup(String prefix) {
    return db.asRuntime(
        c -> {
          try (PreparedStatement s = c.prepareStatement("SELECT * FROM devflow.find_api_key(?)")) {
            s.setString(1, prefix);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next() ? Optional.of(toResolved(rs)) : Optional.empty();
            }
          }
        });
  }

  private static Resolved toResolved(ResultSet rs) throws java.sql.SQLException {
    boolean admin = rs.getObject("admin_id") != null;
    GatewayCaller caller =
        new GatewayCaller(
            rs.getObject("key_id", UUID.class),
            rs.getObject("tenant_id", UUID.class),
            rs.getString("tenant_slug"),
            rs.getString("plan"),
            rs.getObject("user_id", UUID.class),
            admin ? rs.getString("admin_email") : rs.getString("user_email"),
            admin ? Role.ADMIN : Role.fromClaim(rs.getString("role")).orElse(Role.VIEWER),
            admin,
            scopesOf(rs.getArray("scopes")));
    return new Resolved(
        rs.getBytes("secret_hash"),
        instant(rs.getTimestamp("expires_at")),
        instant(rs.getTimestamp("revoked_at")),
        rs.getString("tenant_status"),
        caller,
        System.nanoTime());
  }

  private static java.util.List<String> scopesOf(java.sql.Array array)
      throws java.sql.SQLException {
    return array == null ? java.util.List.of() : java.util.List.of((String[]) array.getArray());
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  private static ProblemException invalid() {
    return new ProblemException(
        ProblemType.UNAUTHORIZED,
        "Send a valid DevFlow API key as 'Authorization: Bearer dfk_...'.");
  }
}
