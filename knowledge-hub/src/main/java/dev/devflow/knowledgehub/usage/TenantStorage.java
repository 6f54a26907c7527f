package dev.devflow.knowledgehub.usage;

import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.tenant.TenantSlug;
import dev.devflow.common.usage.PlanUsage;
import dev.devflow.knowledgehub.search.SearchIndex;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A tenant's storage as its plan limits it: the bytes of its pages, chunks with their vectors and
 * code examples (kept per source by triggers, {@code V4__source_bytes.sql}), of uploaded files
 * waiting for their job, and of its search index on disk. Measured whenever something is about to
 * be stored or was removed, and recorded in the plan's counter that {@code GET /api/v1/usage}
 * shows.
 */
@ApplicationScoped
public class TenantStorage {

  private static final Logger LOG = Logger.getLogger(TenantStorage.class);

  private static final String MEASURE =
      "SELECT coalesce((SELECT sum(stored_bytes) FROM {schema}.sources), 0)"
          + " + coalesce((SELECT sum(octet_length(body)) FROM {schema}.upload_files), 0)";

  private final TenantSql sql;
  private final SearchIndex index;
  private final PlanUsage usage;

  public TenantStorage(TenantSql sql, SearchIndex index, PlanUsage usage) {
    this.sql = sql;
    this.index = index;
    this.usage = usage;
  }

  /** Bytes the tenant stores now. */
  public long measure(String tenant) {
    return sql.count(TenantSlug.of(tenant), MEASURE) + index.sizeBytes(tenant);
  }

  /**
   * Refuses, with a 413 quota problem naming the limit, storing about {@code bytes} more when the
   * plan has no room for them; records the measured total either way.
   */
  public void requireRoom(String tenant, long bytes, String what) {
    Optional<PlanUsage.Total> total = usage.reportStorage(tenant, measure(tenant));
    if (total.isPresent() && total.get().wouldExceed(bytes)) {
      throw usage.storageRefusal(total.get(), bytes, what);
    }
  }

  /** Records the measured total (after a job finished or a source was deleted); never throws. */
  public void report(String tenant) {
    try {
      usage.reportStorage(tenant, measure(tenant));
    } catch (RuntimeException e) {
      LOG.warnf("Could not record the storage of tenant %s: %s", tenant, e.getMessage());
    }
  }
}
