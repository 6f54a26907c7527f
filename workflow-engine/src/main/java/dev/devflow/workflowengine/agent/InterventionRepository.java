package dev.devflow.workflowengine.agent;

import dev.devflow.common.persistence.EventLog;
import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.tenant.TenantSlug;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Interventions, stored on the agent and its task and announced as {@code guardian.intervened}. */
@ApplicationScoped
public class InterventionRepository {

  private final TenantSql db;
  private final EventLog events;

  public InterventionRepository(TenantSql db, EventLog events) {
    this.db = db;
    this.events = events;
  }

  @Transactional
  public Intervention record(
      String tenant, Agent agent, String action, String detector, String reason, String message) {
    long id =
        db.insert(
            TenantSlug.of(tenant),
            "INSERT INTO {schema}.interventions (agent_id, task_id, action, detector, reason, message)"
                + " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            agent.id(),
            agent.taskId(),
            action,
            detector,
            reason,
            message);
    Map<String, Object> payload = new HashMap<>();
    payload.put("interventionId", id);
    payload.put("agentId", agent.id());
    payload.put("taskId", agent.taskId());
    payload.put("runId", agent.runId());
    payload.put("action", action);
    payload.put("detector", detector);
    payload.put("reason", reason);
    events.append(tenant, "guardian.intervened", "agent:" + agent.id(), payload);
    return db.one(
            TenantSlug.of(tenant),
            "SELECT * FROM {schema}.interventions WHERE id = ?",
            this::map,
            id)
        .orElseThrow();
  }

  public List<Intervention> listByTask(String tenant, long taskId) {
    return db.list(
        TenantSlug.of(tenant),
        "SELECT * FROM {schema}.interventions WHERE task_id = ? ORDER BY id",
        this::map,
        taskId);
  }

  public List<Intervention> listByAgent(String tenant, long agentId) {
    return db.list(
        TenantSlug.of(tenant),
        "SELECT * FROM {schema}.interventions WHERE agent_id = ? ORDER BY id",
        this::map,
        agentId);
  }

  /** Interventions of this action on the agent since the given time (its latest start). */
  public long count(String tenant, long agentId, String action, OffsetDateTime since) {
    return db.one(
            TenantSlug.of(tenant),
            "SELECT count(*) FROM {schema}.interventions WHERE agent_id = ? AND action = ?"
                + " AND created_at >= ?",
            rs -> rs.getLong(1),
            agentId,
            action,
            since)
        .orElse(0L);
  }

  private Intervention map(ResultSet rs) throws SQLException {
    return new Intervention(
        rs.getLong("id"),
        rs.getLong("agent_id"),
        rs.getLong("task_id"),
        rs.getString("action"),
        rs.getString("detector"),
        rs.getString("reason"),
        rs.getString("message"),
        rs.getObject("created_at", OffsetDateTime.class));
  }
}
