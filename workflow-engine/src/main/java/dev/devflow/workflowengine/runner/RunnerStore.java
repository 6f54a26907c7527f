package dev.devflow.workflowengine.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.tenant.TenantSlug;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Runners of a tenant in its schema: registration, connection state, what they serve. A runner
 * counts as connected while its connection is open and it was heard from in the last minute (it
 * pings every 15 s), so a runner whose engine died does not look connected for long.
 */
@ApplicationScoped
public class RunnerStore {

  private static final String SELECT =
      "SELECT r.*, (r.connected AND r.last_seen_at > now() - interval '60 seconds') AS online,"
          + " (SELECT count(*) FROM {schema}.agents a WHERE a.runner_id = r.id"
          + " AND a.status IN ('starting', 'running')) AS live_agents FROM {schema}.runners r ";

  private final TenantSql db;

  public RunnerStore(TenantSql db) {
    this.db = db;
  }

  /** Registers (or updates) the runner by name as connected through this engine. */
  public long connect(
      String tenant,
      String name,
      List<Runner.Repository> repositories,
      List<Runner.Kind> kinds,
      String version,
      String user,
      String engine) {
    return db.insert(
        TenantSlug.of(tenant),
        "INSERT INTO {schema}.runners (name, repositories, kinds, version, connected, connected_by,"
            + " engine, connected_at, last_seen_at) VALUES (?, ?::jsonb, ?::jsonb, ?, TRUE, ?, ?,"
            + " now(), now()) ON CONFLICT (name) DO UPDATE SET repositories ="
            + " EXCLUDED.repositories, kinds = EXCLUDED.kinds, version = EXCLUDED.version,"
            + " connected = TRUE, connected_by = EXCLUDED.connected_by, engine = EXCLUDED.engine,"
            + " connected_at = now(), last_seen_at = now() RETURNING id",
        name,
        db.toJson(repositories),
        db.toJson(kinds),
        version,
        user,
        engine);
  }

  public void seen(String tenant, long id) {
    db.update(
        TenantSlug.of(tenant), "UPDATE {schema}.runners SET last_seen_at = now() WHERE id = ?", id);
  }

  /** Marks the runner disconnected, unless another engine holds a newer connection of it. */
  public void disconnect(String tenant, long id, String engine) {
    db.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.runners SET connected = FALSE WHERE id = ? AND engine = ?",
        id,
        engine);
  }

  public Optional<Runner> findRunnerById(String tenant, long id) {
    return db.one(TenantSlug.of(tenant), SELECT + "WHERE r.id = ?", this::map, id);
  }

  public List<Runner> listRunners(String tenant) {
    return db.list(TenantSlug.of(tenant), SELECT + "ORDER BY r.name", this::map);
  }

  /** Runners that ever announced the repository, connected ones first, most recently seen first. */
  public List<Runner> serving(String tenant, String repository) {
    return db.list(
        TenantSlug.of(tenant),
        SELECT
            + "WHERE r.repositories @> ?::jsonb ORDER BY online DESC, r.last_seen_at DESC"
            + " NULLS LAST",
        this::map,
        db.toJson(List.of(java.util.Map.of("name", repository))));
  }

  private Runner map(ResultSet rs) throws SQLException {
    return new Runner(
        rs.getLong("id"),
        rs.getString("name"),
        read(rs.getString("repositories"), new TypeReference<List<Runner.Repository>>() {}),
        read(rs.getString("kinds"), new TypeReference<List<Runner.Kind>>() {}),
        rs.getString("version"),
        rs.getBoolean("online"),
        rs.getString("connected_by"),
        rs.getObject("connected_at", OffsetDateTime.class),
        rs.getObject("last_seen_at", OffsetDateTime.class),
        rs.getInt("live_agents"));
  }

  private <T> T read(String text, TypeReference<T> type) {
    try {
      return db.json().readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
