package dev.devflow.integrations.connection;

import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.tenant.TenantSlug;
import dev.devflow.integrations.provider.Provider;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Connections of a tenant, in its schema. */
@ApplicationScoped
public class ConnectionRepository {

  private final TenantSql sql;

  public ConnectionRepository(TenantSql sql) {
    this.sql = sql;
  }

  public void insert(String tenant, Connection c) {
    sql.update(
        TenantSlug.of(tenant),
        "INSERT INTO {schema}.connections (id, provider, created_by, account, site_id, site_url, scopes,"
            + " access_token, refresh_token, expires_at, status) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        c.id(),
        c.provider().id(),
        c.createdBy(),
        c.account(),
        c.siteId(),
        c.siteUrl(),
        c.scopes(),
        c.accessToken(),
        c.refreshToken(),
        c.expiresAt(),
        c.status());
  }

  public Optional<Connection> findConnectionById(String tenant, UUID id) {
    return sql.one(
        TenantSlug.of(tenant),
        "SELECT * FROM {schema}.connections WHERE id = ?",
        ConnectionRepository::map,
        id);
  }

  /** The row locked until the transaction ends (token refresh is done by one thread at a time). */
  public Optional<Connection> lock(String tenant, UUID id) {
    return sql.one(
        TenantSlug.of(tenant),
        "SELECT * FROM {schema}.connections WHERE id = ? FOR UPDATE",
        ConnectionRepository::map,
        id);
  }

  public List<Connection> listConnections(String tenant) {
    return sql.list(
        TenantSlug.of(tenant),
        "SELECT * FROM {schema}.connections ORDER BY created_at",
        ConnectionRepository::map);
  }

  public void updateTokens(
      String tenant, UUID id, String access, String refresh, Instant expiresAt) {
    sql.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.connections SET access_token = ?, refresh_token = coalesce(?, refresh_token),"
            + " expires_at = ?, status = 'active', updated_at = now() WHERE id = ?",
        access,
        refresh,
        expiresAt,
        id);
  }

  public void updateStatus(String tenant, UUID id, String status) {
    sql.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.connections SET status = ?, updated_at = now() WHERE id = ?",
        status,
        id);
  }

  public void updateWebhookSecret(String tenant, UUID id, String sealed) {
    sql.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.connections SET webhook_secret = ?, updated_at = now() WHERE id = ?",
        sealed,
        id);
  }

  public boolean delete(String tenant, UUID id) {
    return sql.update(TenantSlug.of(tenant), "DELETE FROM {schema}.connections WHERE id = ?", id)
        > 0;
  }

  private static Connection map(ResultSet rs) throws SQLException {
    return new Connection(
        rs.getObject("id", UUID.class),
        Provider.valueOf(rs.getString("provider").toUpperCase(java.util.Locale.ROOT)),
        rs.getString("created_by"),
        rs.getString("account"),
        rs.getString("site_id"),
        rs.getString("site_url"),
        rs.getString("scopes"),
        rs.getString("access_token"),
        rs.getString("refresh_token"),
        TenantSql.instant(rs, "expires_at"),
        rs.getString("webhook_secret"),
        rs.getString("status"),
        TenantSql.instant(rs, "created_at"));
  }
}
