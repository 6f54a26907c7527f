package dev.devflow.workflowengine.agent;

import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.tenant.TenantSlug;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** Reads and writes agents and their pane logs in a tenant's schema. */
@ApplicationScoped
public class AgentRepository {

  private static final String SELECT =
      "SELECT a.*, t.run_id FROM {schema}.agents a JOIN {schema}.tasks t ON t.id = a.task_id ";

  private final TenantSql db;
  private final AgentMetrics metrics;

  public AgentRepository(TenantSql db, AgentMetrics metrics) {
    this.db = db;
    this.metrics = metrics;
  }

  public Optional<Agent> findAgentById(String tenant, long id) {
    return db.one(TenantSlug.of(tenant), SELECT + "WHERE a.id = ?", AgentRepository::map, id);
  }

  /** Reads the agent and locks its row until the transaction ends. */
  public Optional<Agent> lockAgent(String tenant, long id) {
    return db.one(
        TenantSlug.of(tenant), SELECT + "WHERE a.id = ? FOR UPDATE OF a", AgentRepository::map, id);
  }

  public List<Agent> listAgents(String tenant, Long runId) {
    if (runId == null) {
      return db.list(TenantSlug.of(tenant), SELECT + "ORDER BY a.id", AgentRepository::map);
    }
    return db.list(
        TenantSlug.of(tenant),
        SELECT + "WHERE t.run_id = ? ORDER BY a.id",
        AgentRepository::map,
        runId);
  }

  public List<Agent> listLive(String tenant) {
    return db.list(
        TenantSlug.of(tenant),
        SELECT + "WHERE a.status IN ('starting', 'running') ORDER BY a.id",
        AgentRepository::map);
  }

  /** Serialises spawns of one tenant until the transaction ends, so the cap holds. */
  public long lockAndCountLive(String tenant) {
    db.one(
        TenantSlug.of(tenant),
        "SELECT pg_advisory_xact_lock(hashtext(?))",
        rs -> rs.getObject(1),
        "devflow-agents-" + tenant);
    return db.one(
            TenantSlug.of(tenant),
            "SELECT count(*) FROM {schema}.agents WHERE status IN ('starting', 'running')",
            rs -> rs.getLong(1))
        .orElse(0L);
  }

  public long insertAgent(
      String tenant, long taskId, String kind, String mode, Long runnerId, String session) {
    long id =
        db.insert(
            TenantSlug.of(tenant),
            "INSERT INTO {schema}.agents (task_id, kind, mode, runner_id, session, worktree_path,"
                + " branch, status) VALUES (?, ?, ?, ?, ?, '', '', 'starting') RETURNING id",
            taskId,
            kind,
            mode,
            runnerId,
            session);
    metrics.agentStarted();
    return id;
  }

  /** Stores the hash of the agent's new token (the old one, if any, stops working). */
  public void setTokenHash(String tenant, long id, byte[] hash) {
    db.update(
        TenantSlug.of(tenant), "UPDATE {schema}.agents SET token_hash = ? WHERE id = ?", hash, id);
  }

  /** The live agent whose token hashes to hash, with its run and task. */
  public Optional<Agent> findLiveByToken(String tenant, long id, byte[] hash) {
    return db.one(
        TenantSlug.of(tenant),
        SELECT + "WHERE a.id = ? AND a.token_hash = ? AND a.status IN ('starting', 'running')",
        AgentRepository::map,
        id,
        hash);
  }

  /** What the CLI's screen showed at the last look, and since when it has been waiting. */
  public void setScreen(String tenant, long id, String state, boolean waiting) {
    db.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.agents SET screen_state = ?, waiting_since = CASE WHEN NOT ? THEN NULL"
            + " WHEN waiting_since IS NULL OR screen_state IS DISTINCT FROM ? THEN now()"
            + " ELSE waiting_since END WHERE id = ?",
        state,
        waiting,
        state,
        id);
  }

  public void setPlace(String tenant, long id, String session, String worktree, String branch) {
    db.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.agents SET session = ?, worktree_path = ?, branch = ? WHERE id = ?",
        session,
        worktree,
        branch,
        id);
  }

  public void setStatus(String tenant, long id, String status, String reason) {
    boolean ended = !("starting".equals(status) || "running".equals(status));
    db.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.agents SET status = ?, status_reason = ?,"
            + " ended_at = CASE WHEN ? THEN now() ELSE NULL END,"
            + " token_hash = CASE WHEN ? THEN NULL ELSE token_hash END WHERE id = ?",
        status,
        reason,
        ended,
        ended,
        id);
    if (ended) {
      metrics.agentEnded(status);
    }
  }

  public void markRestarted(String tenant, long id) {
    db.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.agents SET restarts = restarts + 1, status = 'running', status_reason = NULL,"
            + " ended_at = NULL, prompt_delivered = FALSE, started_at = now(),"
            + " last_activity_at = now(), screen_state = NULL, waiting_since = NULL WHERE id = ?",
        id);
  }

  public void setPromptDelivered(String tenant, long id, boolean delivered) {
    db.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.agents SET prompt_delivered = ? WHERE id = ?",
        delivered,
        id);
  }

  public void touch(String tenant, long id) {
    db.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.agents SET last_activity_at = now() WHERE id = ?",
        id);
  }

  public void saveLog(String tenant, long id, String content, int lines) {
    db.update(
        TenantSlug.of(tenant),
        "INSERT INTO {schema}.pane_logs (agent_id, content, line_count) VALUES (?, ?, ?)"
            + " ON CONFLICT (agent_id) DO UPDATE SET content = EXCLUDED.content,"
            + " line_count = EXCLUDED.line_count, captured_at = now()",
        id,
        content,
        lines);
  }

  public Optional<String> findLog(String tenant, long id) {
    return db.one(
        TenantSlug.of(tenant),
        "SELECT content FROM {schema}.pane_logs WHERE agent_id = ?",
        rs -> rs.getString(1),
        id);
  }

  private static Agent map(ResultSet rs) throws SQLException {
    return new Agent(
        rs.getLong("id"),
        rs.getLong("task_id"),
        rs.getLong("run_id"),
        rs.getString("kind"),
        rs.getString("mode"),
        (Long) rs.getObject("runner_id"),
        rs.getString("session"),
        rs.getString("worktree_path"),
        rs.getString("branch"),
        rs.getString("status"),
        rs.getString("status_reason"),
        rs.getInt("restarts"),
        rs.getBoolean("prompt_delivered"),
        rs.getObject("started_at", OffsetDateTime.class),
        rs.getObject("last_activity_at", OffsetDateTime.class),
        rs.getObject("ended_at", OffsetDateTime.class),
        rs.getString("screen_state"),
        rs.getObject("waiting_since", OffsetDateTime.class));
  }
}
