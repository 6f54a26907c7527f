package dev.devflow.knowledgehub.crawl;

import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.tenant.TenantSlug;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;

/** A crawl job's durable to-do list of URLs. */
@ApplicationScoped
public class FrontierRepository {

  /** A URL to crawl and its link depth from the start page. */
  public record Entry(String url, int depth) {}

  private final TenantSql sql;

  public FrontierRepository(TenantSql sql) {
    this.sql = sql;
  }

  /** Adds entries not yet known to the job; returns those actually added. */
  public List<Entry> add(String tenant, UUID jobId, List<Entry> entries) {
    if (entries.isEmpty()) {
      return List.of();
    }
    return sql.with(
        c -> {
          List<Entry> added = new java.util.ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  TenantSql.qualify(
                      TenantSlug.of(tenant),
                      "INSERT INTO {schema}.crawl_frontier (job_id, url, depth) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"))) {
            for (Entry e : entries) {
              ps.setObject(1, jobId);
              ps.setString(2, e.url());
              ps.setInt(3, e.depth());
              if (ps.executeUpdate() > 0) {
                added.add(e);
              }
            }
          }
          return added;
        });
  }

  public List<Entry> pending(String tenant, UUID jobId) {
    return sql.list(
        TenantSlug.of(tenant),
        "SELECT url, depth FROM {schema}.crawl_frontier WHERE job_id = ? AND state = 'pending' ORDER BY depth, url",
        rs -> new Entry(rs.getString(1), rs.getInt(2)),
        jobId);
  }

  public long count(String tenant, UUID jobId) {
    return sql.count(
        TenantSlug.of(tenant),
        "SELECT count(*) FROM {schema}.crawl_frontier WHERE job_id = ?",
        jobId);
  }

  /** All URLs the job knows, whatever their state (to never fetch one twice). */
  public List<String> urls(String tenant, UUID jobId) {
    return sql.list(
        TenantSlug.of(tenant),
        "SELECT url FROM {schema}.crawl_frontier WHERE job_id = ?",
        rs -> rs.getString(1),
        jobId);
  }

  public void mark(String tenant, UUID jobId, String url, String state) {
    sql.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.crawl_frontier SET state = ? WHERE job_id = ? AND url = ?",
        state,
        jobId,
        url);
  }
}
