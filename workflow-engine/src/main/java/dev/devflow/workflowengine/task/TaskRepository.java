package dev.devflow.workflowengine.task;

import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.tenant.TenantSlug;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads and writes tasks in a tenant's schema. */
@ApplicationScoped
public class TaskRepository {

  private static final String SELECT =
      "SELECT t.*, ARRAY(SELECT d.depends_on_id FROM {schema}.task_dependencies d"
          + " WHERE d.task_id = t.id ORDER BY 1) AS deps FROM {schema}.tasks t ";

  private final TenantSql db;

  public TaskRepository(TenantSql db) {
    this.db = db;
  }

  public Optional<Task> findTaskById(String tenant, long id) {
    return db.one(TenantSlug.of(tenant), SELECT + "WHERE t.id = ?", this::map, id);
  }

  /** Locks the task's row until the transaction ends. */
  public Optional<Task> lockTask(String tenant, long id) {
    return db.one(TenantSlug.of(tenant), SELECT + "WHERE t.id = ? FOR UPDATE OF t", this::map, id);
  }

  public List<Task> listTasks(String tenant, long runId, String status) {
    if (status == null) {
      return db.list(
          TenantSlug.of(tenant), SELECT + "WHERE t.run_id = ? ORDER BY t.id", this::map, runId);
    }
    return db.list(
        TenantSlug.of(tenant),
        SELECT + "WHERE t.run_id = ? AND t.status = ? ORDER BY t.id",
        this::map,
        runId,
        status);
  }

  /**
   * Claims the next queued task of the run whose dependencies are all done (by priority, then phase
   * order, then age) in one statement: rows locked by another claimer are skipped, never waited
   * for, so no task is handed out twice.
   */
  public Optional<Claimed> claimNextQueued(String tenant, long runId) {
    return db.one(
        TenantSlug.of(tenant),
        "WITH next AS (SELECT t.id, t.updated_at FROM {schema}.tasks t WHERE t.run_id = ?"
            + " AND t.status = 'queued'"
            + " AND NOT EXISTS (SELECT 1 FROM {schema}.task_dependencies d"
            + " JOIN {schema}.tasks p ON p.id = d.depends_on_id"
            + " WHERE d.task_id = t.id AND p.status <> 'done')"
            + " ORDER BY t.priority DESC, t.phase_index, t.id"
            + " LIMIT 1 FOR UPDATE OF t SKIP LOCKED)"
            + " UPDATE {schema}.tasks u SET status = 'assigned', status_reason = 'claimed',"
            + " updated_at = now() FROM next WHERE u.id = next.id"
            + " RETURNING u.id, extract(epoch FROM now() - next.updated_at)",
        rs -> new Claimed(rs.getLong(1), rs.getDouble(2)),
        runId);
  }

  /** A task claimed, and the seconds it had been queued (since its last change) before. */
  public record Claimed(long taskId, double queuedSeconds) {}

  public boolean dependenciesDone(String tenant, long taskId) {
    return db.one(
                TenantSlug.of(tenant),
                "SELECT count(*) FROM {schema}.task_dependencies d JOIN {schema}.tasks p"
                    + " ON p.id = d.depends_on_id WHERE d.task_id = ? AND p.status <> 'done'",
                rs -> rs.getLong(1),
                taskId)
            .orElse(0L)
        == 0;
  }

  public long insertTask(
      String tenant,
      long runId,
      String phase,
      int phaseIndex,
      String title,
      String description,
      int priority) {
    return db.insert(
        TenantSlug.of(tenant),
        "INSERT INTO {schema}.tasks (run_id, phase, phase_index, title, description, priority, status)"
            + " VALUES (?, ?, ?, ?, ?, ?, 'queued') RETURNING id",
        runId,
        phase,
        phaseIndex,
        title,
        description == null ? "" : description,
        priority);
  }

  public void insertDependency(String tenant, long taskId, long dependsOn) {
    db.update(
        TenantSlug.of(tenant),
        "INSERT INTO {schema}.task_dependencies (task_id, depends_on_id) VALUES (?, ?)",
        taskId,
        dependsOn);
  }

  public void setSummary(String tenant, long taskId, String summary) {
    if (summary != null) {
      db.update(
          TenantSlug.of(tenant),
          "UPDATE {schema}.tasks SET result_summary = ? WHERE id = ?",
          summary,
          taskId);
    }
  }

  public void setMergeResult(
      String tenant, long taskId, List<String> commits, List<String> conflicts, String merge) {
    db.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.tasks SET commits = ?::jsonb, conflict_files = ?::jsonb, merge_commit = ?"
            + " WHERE id = ?",
        db.toJson(commits),
        db.toJson(conflicts),
        merge,
        taskId);
  }

  public void setAgent(String tenant, long taskId, long agentId) {
    db.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.tasks SET agent_id = ? WHERE id = ?",
        agentId,
        taskId);
  }

  public void setStatus(String tenant, long id, TaskStatus status, String reason) {
    db.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.tasks SET status = ?, status_reason = ?, updated_at = now() WHERE id = ?",
        status.wire(),
        reason,
        id);
  }

  private Task map(ResultSet rs) throws SQLException {
    Array deps = rs.getArray("deps");
    Long[] ids = deps == null ? new Long[0] : (Long[]) deps.getArray();
    return new Task(
        rs.getLong("id"),
        rs.getLong("run_id"),
        rs.getString("phase"),
        rs.getString("title"),
        rs.getString("description"),
        rs.getInt("priority"),
        rs.getString("status"),
        rs.getObject("agent_id", Long.class),
        rs.getString("result_summary"),
        rs.getString("status_reason"),
        db.stringList(rs.getString("conflict_files")),
        db.stringList(rs.getString("commits")),
        rs.getString("merge_commit"),
        Arrays.asList(ids),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getObject("updated_at", OffsetDateTime.class));
  }
}
