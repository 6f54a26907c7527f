package dev.devflow.knowledgehub.search;

import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.tenant.TenantSlug;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Keeps this replica's index in step with what other replicas write. Triggers log every document
 * whose chunks or code examples change ({@code index_changes}, with the writer's application name)
 * and announce it with {@code NOTIFY devflow_index}; this follower re-reads those documents from
 * PostgreSQL (their stored embeddings: nothing is embedded again) and replaces them in the local
 * index, skipping its own changes, which it indexed already.
 *
 * <p>Sequence order is not commit order: a change can become visible after a later one. The
 * position therefore only moves past a gap once the gap is {@value #GAP_PATIENCE_MILLIS} ms old.
 */
@ApplicationScoped
public class IndexFollower {

  static final String CHANNEL = "devflow_index";
  static final long GAP_PATIENCE_MILLIS = 10_000;
  private static final Logger LOG = Logger.getLogger(IndexFollower.class);
  private static final long SWEEP_MILLIS = 10_000;
  private static final long PRUNE_MILLIS = 3_600_000;

  /** Where a tenant's log has been read up to, and what beyond it was applied already. */
  private static final class Position {
    long upTo;
    long gapSince;
    final TreeSet<Long> appliedBeyond = new TreeSet<>();

    Position(long upTo) {
      this.upTo = upTo;
    }
  }

  private record Change(long id, long documentId, String origin) {}

  private final TenantSql sql;
  private final SearchIndex index;
  private final IndexMaintenance maintenance;
  private final AgroalDataSource dataSource;
  private final String self;
  private final Map<String, Position> positions = new ConcurrentHashMap<>();
  private volatile boolean running = true;

  public IndexFollower(
      TenantSql sql,
      SearchIndex index,
      IndexMaintenance maintenance,
      AgroalDataSource dataSource,
      @ConfigProperty(name = "quarkus.datasource.jdbc.additional-jdbc-properties.ApplicationName")
          String self) {
    this.sql = sql;
    this.index = index;
    this.maintenance = maintenance;
    this.dataSource = dataSource;
    this.self = self;
  }

  // After the tenant migrations, before the startup check rebuilds stale indexes (5000): anything
  // logged from here on is applied, at worst twice, which replacing a document makes harmless.
  void onStart(@Observes @Priority(4000) StartupEvent event) {
    for (String tenant : tenants()) {
      positions.put(tenant, new Position(latest(tenant)));
    }
    Thread follower = new Thread(this::follow, "index-follower");
    follower.setDaemon(true);
    follower.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    running = false;
  }

  /** Applies what other replicas logged for the tenant since the last look. */
  public synchronized void catchUp(String tenant) {
    Position position = positions.computeIfAbsent(tenant, t -> new Position(0));
    while (true) {
      List<Change> changes =
          sql.list(
              TenantSlug.of(tenant),
              "SELECT id, document_id, origin FROM {schema}.index_changes WHERE id > ? ORDER BY id"
                  + " LIMIT 500",
              rs -> new Change(rs.getLong(1), rs.getLong(2), rs.getString(3)),
              position.upTo);
      List<Change> fresh =
          changes.stream().filter(c -> !position.appliedBeyond.contains(c.id())).toList();
      apply(tenant, fresh);
      boolean stuck = advance(position, changes);
      if (changes.size() < 500 || stuck) {
        return;
      }
    }
  }

  private void apply(String tenant, List<Change> changes) {
    Set<Long> documents = new TreeSet<>();
    for (Change change : changes) {
      if (!self.equals(change.origin())) {
        documents.add(change.documentId());
      }
    }
    if (documents.isEmpty()) {
      return;
    }
    List<SearchIndex.IndexedDocument> present = new ArrayList<>();
    List<Long> gone = new ArrayList<>();
    for (SearchIndex.IndexedDocument d : maintenance.load(tenant, new ArrayList<>(documents))) {
      if (d.chunks().isEmpty() && d.code().isEmpty()) {
        gone.add(d.documentId());
      } else {
        present.add(d);
      }
    }
    index.replaceDocuments(tenant, present);
    index.deleteDocuments(tenant, gone);
    index.commit(tenant);
  }

  /** Moves past what was read; returns whether a young gap holds the position back. */
  private static boolean advance(Position position, List<Change> changes) {
    for (Change change : changes) {
      position.appliedBeyond.add(change.id());
    }
    long now = System.currentTimeMillis();
    while (!position.appliedBeyond.isEmpty()) {
      long next = position.appliedBeyond.first();
      if (next != position.upTo + 1) {
        if (position.gapSince == 0) {
          position.gapSince = now;
        }
        if (now - position.gapSince < GAP_PATIENCE_MILLIS) {
          return true; // a transaction may still commit into the gap
        }
      }
      position.upTo = next;
      position.gapSince = 0;
      position.appliedBeyond.remove(next);
    }
    return false;
  }

  private void follow() {
    long lastSweep = 0;
    long lastPrune = System.currentTimeMillis();
    while (running) {
      try (Connection c = dataSource.getConnection();
          Statement s = c.createStatement()) {
        s.execute("LISTEN " + CHANNEL);
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] notes = pg.getNotifications(1_000);
          Set<String> touched = new TreeSet<>();
          if (notes != null) {
            for (PGNotification note : notes) {
              if (note.getParameter().startsWith("tenant_")) {
                touched.add(note.getParameter().substring("tenant_".length()));
              }
            }
          }
          long now = System.currentTimeMillis();
          if (now - lastSweep > SWEEP_MILLIS) {
            touched.addAll(tenants()); // a missed notice, a gap to retry, a new tenant
            lastSweep = now;
          }
          touched.forEach(this::catchUpQuietly);
          if (now - lastPrune > PRUNE_MILLIS) {
            tenants().forEach(this::prune);
            lastPrune = now;
          }
        }
      } catch (SQLException | RuntimeException e) {
        LOG.warnf("Index follower lost its database connection (%s); retrying", e.getMessage());
        sleep(1_000);
      }
    }
  }

  private void catchUpQuietly(String tenant) {
    try {
      catchUp(tenant);
    } catch (RuntimeException e) {
      LOG.warnf("Could not apply index changes of tenant %s: %s", tenant, e.getMessage());
    }
  }

  // A replica away for longer than a day rebuilds from PostgreSQL at start (its counts differ).
  private void prune(String tenant) {
    sql.update(
        TenantSlug.of(tenant),
        "DELETE FROM {schema}.index_changes WHERE changed_at < now() - interval '1 day'");
  }

  private long latest(String tenant) {
    return sql.one(
            TenantSlug.of(tenant),
            "SELECT coalesce(max(id), 0) FROM {schema}.index_changes",
            rs -> rs.getLong(1))
        .orElse(0L);
  }

  private List<String> tenants() {
    return sql.tenantsWithTable("index_changes");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
