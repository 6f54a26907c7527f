package dev.devflow.integrations.sync;

import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.tenant.TenantSlug;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Sync targets and their cursors (ETags, since-timestamps, file hashes). */
@ApplicationScoped
public class TargetRepository {

  private final TenantSql sql;

  public TargetRepository(TenantSql sql) {
    this.sql = sql;
  }

  public void insert(String tenant, SyncTarget t) {
    sql.update(
        TenantSlug.of(tenant),
        "INSERT INTO {schema}.sync_targets (id, connection_id, kind, key, jql) VALUES (?,?,?,?,?)",
        t.id(),
        t.connectionId(),
        t.kind(),
        t.key(),
        t.jql());
  }

  public Optional<SyncTarget> findTargetById(String tenant, UUID id) {
    return sql.one(
        TenantSlug.of(tenant),
        "SELECT * FROM {schema}.sync_targets WHERE id = ?",
        TargetRepository::map,
        id);
  }

  public Optional<SyncTarget> findTarget(String tenant, UUID connection, String kind, String key) {
    return sql.one(
        TenantSlug.of(tenant),
        "SELECT * FROM {schema}.sync_targets WHERE connection_id = ? AND kind = ? AND lower(key) = lower(?)",
        TargetRepository::map,
        connection,
        kind,
        key);
  }

  public List<SyncTarget> listTargets(String tenant, UUID connection) {
    return sql.list(
        TenantSlug.of(tenant),
        "SELECT * FROM {schema}.sync_targets WHERE connection_id = ? ORDER BY created_at",
        TargetRepository::map,
        connection);
  }

  /** Targets whose last sync is older than the interval (or that never synced). */
  public List<SyncTarget> listDue(String tenant, long intervalSeconds) {
    return sql.list(
        TenantSlug.of(tenant),
        "SELECT * FROM {schema}.sync_targets WHERE last_synced_at IS NULL"
            + " OR last_synced_at < now() - make_interval(secs => ?)",
        TargetRepository::map,
        (double) intervalSeconds);
  }

  public void updateSource(String tenant, UUID id, UUID sourceId) {
    sql.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.sync_targets SET knowledge_source_id = ? WHERE id = ?",
        sourceId,
        id);
  }

  public void markSynced(String tenant, UUID id) {
    sql.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.sync_targets SET last_synced_at = now() WHERE id = ?",
        id);
  }

  public boolean delete(String tenant, UUID id) {
    return sql.update(TenantSlug.of(tenant), "DELETE FROM {schema}.sync_targets WHERE id = ?", id)
        > 0;
  }

  public Optional<String> cursor(String tenant, UUID target, String resource) {
    return sql.one(
        TenantSlug.of(tenant),
        "SELECT value FROM {schema}.sync_cursors WHERE target_id = ? AND resource = ?",
        rs -> rs.getString(1),
        target,
        resource);
  }

  public void saveCursor(String tenant, UUID target, String resource, String value) {
    sql.update(
        TenantSlug.of(tenant),
        "INSERT INTO {schema}.sync_cursors (target_id, resource, value) VALUES (?,?,?)"
            + " ON CONFLICT (target_id, resource) DO UPDATE SET value = excluded.value,"
            + " updated_at = now()",
        target,
        resource,
        value);
  }

  private static SyncTarget map(ResultSet rs) throws SQLException {
    return new SyncTarget(
        rs.getObject("id", UUID.class),
        rs.getObject("connection_id", UUID.class),
        rs.getString("kind"),
        rs.getString("key"),
        rs.getString("jql"),
        rs.getObject("knowledge_source_id", UUID.class),
        TenantSql.instant(rs, "last_synced_at"),
        TenantSql.instant(rs, "created_at"));
  }
}
