package dev.devflow.knowledgehub.search;

import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.tenant.TenantSlug;
import dev.devflow.knowledgehub.concurrent.Threads;
import dev.devflow.knowledgehub.embed.Embeddings;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * Keeps each tenant's index in step with PostgreSQL: detects a missing or stale index (chunk
 * counts, model or dimension differ), re-embeds chunks made by another model, and rebuilds the
 * index in the background while searches keep using the old one.
 */
@ApplicationScoped
public class IndexMaintenance {

  private static final Logger LOG = Logger.getLogger(IndexMaintenance.class);
  private static final int DOCS_PER_BATCH = 200;

  /** Index health as the admin endpoint shows it. */
  public record Status(
      String tenant,
      boolean rebuilding,
      long chunksInDatabase,
      long chunksIndexed,
      long codeExamplesInDatabase,
      long codeExamplesIndexed,
      String model,
      int dimension,
      String indexModel,
      int indexDimension,
      long chunksToReembed,
      boolean stale) {}

  private final SearchIndex index;
  private final TenantSql sql;
  private final Embeddings embeddings;
  private final Reembedder reembedder;
  private final Set<String> rebuilding = ConcurrentHashMap.newKeySet();

  private final MeterRegistry metrics;

  public IndexMaintenance(
      SearchIndex index,
      TenantSql sql,
      Embeddings embeddings,
      Reembedder reembedder,
      MeterRegistry metrics) {
    this.metrics = metrics;
    this.index = index;
    this.sql = sql;
    this.embeddings = embeddings;
    this.reembedder = reembedder;
  }

  public Status status(String tenant) {
    SearchIndex.Stats stats = index.stats(tenant);
    long chunks = sql.count(TenantSlug.of(tenant), "SELECT count(*) FROM {schema}.chunks");
    long code = sql.count(TenantSlug.of(tenant), "SELECT count(*) FROM {schema}.code_examples");
    long toReembed =
        sql.count(
            TenantSlug.of(tenant),
            "SELECT count(*) FROM {schema}.chunks WHERE model <> ?",
            embeddings.model());
    boolean otherModel = toReembed > 0;
    boolean empty = chunks == 0 && code == 0 && stats.chunks() == 0 && stats.codeExamples() == 0;
    boolean stale =
        !empty
            && (!stats.exists()
                || stats.chunks() != chunks
                || stats.codeExamples() != code
                || otherModel
                || !embeddings.model().equals(stats.model())
                || stats.dimension() != embeddings.dimension()
                || !stats.currentFormat());
    return new Status(
        tenant,
        rebuilding.contains(tenant),
        chunks,
        stats.chunks(),
        code,
        stats.codeExamples(),
        embeddings.model(),
        embeddings.dimension(),
        stats.model(),
        stats.dimension(),
        toReembed,
        stale);
  }

  /** Rebuilds in the background if the index is missing or stale; returns whether it started. */
  public boolean checkAndRepair(String tenant) {
    Status s = status(tenant);
    if (s.stale()) {
      LOG.infof(
          "Search index of tenant %s is stale (%d of %d chunks, model %s): rebuilding",
          tenant, s.chunksIndexed(), s.chunksInDatabase(), s.indexModel());
      return rebuildInBackground(tenant);
    }
    return false;
  }

  /** Starts a rebuild unless one is running for the tenant. */
  public boolean rebuildInBackground(String tenant) {
    if (!rebuilding.add(tenant)) {
      return false;
    }
    Thread t =
        new Thread(
            () -> {
              String outcome = "failed";
              try {
                rebuild(tenant);
                outcome = "done";
              } catch (RuntimeException e) {
                LOG.warnf(e, "Rebuilding the search index of tenant %s failed", tenant);
              } finally {
                metrics.counter("devflow.index.rebuilds", "outcome", outcome).increment();
                rebuilding.remove(tenant);
              }
            },
            "index-rebuild-" + tenant);
    t.setDaemon(true);
    t.start();
    return true;
  }

  /**
   * Feeds the rebuild from PostgreSQL, re-embedding on the way the chunks of another model: the
   * next batch is read (and re-embedded) while the index takes the one before.
   */
  void rebuild(String tenant) {
    ExecutorService indexer =
        Executors.newSingleThreadExecutor(Threads.daemon("index-rebuild-feed-" + tenant));
    try (Reembedder.Session reembedding = reembedder.session(tenant)) {
      index.rebuild(
          tenant,
          sink -> {
            Future<?> indexing = null;
            long after = 0;
            while (true) {
              List<Long> ids =
                  sql.list(
                      TenantSlug.of(tenant),
                      "SELECT id FROM {schema}.documents WHERE id > ? ORDER BY id LIMIT "
                          + DOCS_PER_BATCH,
                      rs -> rs.getLong(1),
                      after);
              if (ids.isEmpty()) {
                break;
              }
              List<SearchIndex.IndexedDocument> batch = reembedding.current(load(tenant, ids));
              await(indexing);
              indexing = indexer.submit(() -> sink.accept(batch));
              after = ids.get(ids.size() - 1);
            }
            await(indexing);
            reembedding.finish(); // the index is swapped in after PostgreSQL has the vectors
          });
    } finally {
      indexer.shutdownNow();
    }
  }

  private static void await(Future<?> indexing) {
    if (indexing != null) {
      Threads.join(indexing, "The rebuild");
    }
  }

  /** The documents as PostgreSQL holds them now, with their stored embeddings. */
  List<SearchIndex.IndexedDocument> load(String tenant, List<Long> ids) {
    Long[] array = ids.toArray(new Long[0]);
    Map<Long, List<SearchIndex.IndexedChunk>> chunks = new HashMap<>();
    Map<Long, List<SearchIndex.IndexedCode>> code = new HashMap<>();
    sql.with(
        c -> {
          try (var ps =
              c.prepareStatement(
                  TenantSql.qualify(
                      TenantSlug.of(tenant),
                      "SELECT id, document_id, source_id, url, title, heading_path, text, embedding, ordinal FROM {schema}.chunks WHERE document_id = ANY(?)"))) {
            ps.setArray(1, c.createArrayOf("bigint", array));
            try (var rs = ps.executeQuery()) {
              while (rs.next()) {
                chunks
                    .computeIfAbsent(rs.getLong(2), k -> new ArrayList<>())
                    .add(
                        new SearchIndex.IndexedChunk(
                            rs.getLong(1),
                            rs.getLong(2),
                            rs.getObject(3, java.util.UUID.class),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            TenantSql.floats(rs.getArray(8)),
                            rs.getInt(9)));
              }
            }
          }
          try (var ps =
              c.prepareStatement(
                  TenantSql.qualify(
                      TenantSlug.of(tenant),
                      "SELECT id, document_id, source_id, url, title, language, code, context FROM {schema}.code_examples WHERE document_id = ANY(?)"))) {
            ps.setArray(1, c.createArrayOf("bigint", array));
            try (var rs = ps.executeQuery()) {
              while (rs.next()) {
                code.computeIfAbsent(rs.getLong(2), k -> new ArrayList<>())
                    .add(
                        new SearchIndex.IndexedCode(
                            rs.getLong(1),
                            rs.getLong(2),
                            rs.getObject(3, java.util.UUID.class),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8)));
              }
            }
          }
          return null;
        });
    return ids.stream()
        .map(
            id ->
                new SearchIndex.IndexedDocument(
                    id, chunks.getOrDefault(id, List.of()), code.getOrDefault(id, List.of())))
        .toList();
  }
}
