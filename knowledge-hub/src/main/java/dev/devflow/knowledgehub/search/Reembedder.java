package dev.devflow.knowledgehub.search;

import dev.devflow.common.persistence.EventLog;
import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.tenant.TenantSlug;
import dev.devflow.knowledgehub.concurrent.Threads;
import dev.devflow.knowledgehub.embed.ChunkText;
import dev.devflow.knowledgehub.embed.Embeddings;
import dev.devflow.knowledgehub.search.SearchIndex.IndexedChunk;
import dev.devflow.knowledgehub.search.SearchIndex.IndexedDocument;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Re-embeds, from their stored text, the chunks another model embedded (after the model is
 * changed): no page is fetched again. A rebuild passes each batch of documents through a {@link
 * Session} on its way into the new index, so the model works while the index takes the batch
 * before; the new vectors are written back in one round trip per batch, on a thread of their own,
 * and each batch commits on its own: after a crash the work resumes with the chunks still on the
 * old model.
 */
@ApplicationScoped
public class Reembedder {

  private static final Logger LOG = Logger.getLogger(Reembedder.class);

  private final TenantSql sql;
  private final Embeddings embeddings;
  private final EventLog events;

  public Reembedder(TenantSql sql, Embeddings embeddings, EventLog events) {
    this.sql = sql;
    this.embeddings = embeddings;
    this.events = events;
  }

  Session session(String tenant) {
    return new Session(tenant);
  }

  /** One rebuild's re-embedding. */
  final class Session implements AutoCloseable {
    private final String tenant;
    private final String model = embeddings.model();
    private final long total;
    private final long start = System.nanoTime();
    private final ExecutorService writer;
    private CompletableFuture<Void> writing = CompletableFuture.completedFuture(null);
    private long done;

    private Session(String tenant) {
      this.tenant = tenant;
      this.total =
          sql.count(
              TenantSlug.of(tenant),
              "SELECT count(*) FROM {schema}.chunks WHERE model <> ?",
              model);
      if (total > 0) {
        LOG.infof("Re-embedding %d chunks of tenant %s with %s", total, tenant, model);
      }
      this.writer = Executors.newSingleThreadExecutor(Threads.daemon("reembed-write-" + tenant));
    }

    /** The documents with every chunk on the current model: the others re-embedded and stored. */
    List<IndexedDocument> current(List<IndexedDocument> documents) {
      Set<Long> stale = staleChunks(documents);
      if (stale.isEmpty()) {
        return documents;
      }
      List<IndexedChunk> chunks = new ArrayList<>(stale.size());
      for (IndexedDocument d : documents) {
        d.chunks().stream().filter(c -> stale.contains(c.chunkId())).forEach(chunks::add);
      }
      List<float[]> vectors =
          embeddings.embed(
              tenant,
              chunks.stream().map(c -> ChunkText.of(c.title(), c.headingPath(), c.text())).toList(),
              false);
      Map<Long, float[]> fresh = new HashMap<>();
      for (int i = 0; i < chunks.size(); i++) {
        fresh.put(chunks.get(i).chunkId(), vectors.get(i));
      }
      flush();
      writing = CompletableFuture.runAsync(() -> write(fresh), writer);
      done += chunks.size();
      LOG.infof("Re-embedded %d of %d chunks of tenant %s", done, total, tenant);
      events.append(
          tenant,
          "index.reembed.progress",
          "index",
          Map.of("model", model, "chunksDone", done, "chunksTotal", total));
      return documents.stream().map(d -> withVectors(d, fresh)).toList();
    }

    /** Waits until the vectors re-embedded so far are stored. */
    void flush() {
      Threads.join(writing, "Re-embedding");
    }

    /** Stores what is left and says so: the last step of a rebuild that re-embedded. */
    void finish() {
      flush();
      if (done > 0) {
        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.infof(
            "Re-embedded %d chunks of tenant %s with %s in %d ms", done, tenant, model, millis);
        events.append(
            tenant,
            "index.reembed.done",
            "index",
            Map.of("model", model, "chunks", done, "millis", millis));
      }
    }

    @Override
    public void close() {
      writer.shutdown();
    }

    private Set<Long> staleChunks(List<IndexedDocument> documents) {
      if (total == 0) {
        return Set.of();
      }
      long[] ids = documents.stream().mapToLong(IndexedDocument::documentId).toArray();
      return new HashSet<>(
          sql.list(
              TenantSlug.of(tenant),
              "SELECT id FROM {schema}.chunks WHERE document_id = ANY(?) AND model <> ?",
              rs -> rs.getLong(1),
              ids,
              model));
    }

    /** A chunk a crawl has replaced meanwhile (new id, current model) is left alone. */
    private void write(Map<Long, float[]> vectors) {
      sql.with(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    TenantSql.qualify(
                        TenantSlug.of(tenant),
                        "UPDATE {schema}.chunks SET embedding = ?, model = ?, dimension = ?"
                            + " WHERE id = ? AND model <> ?"))) {
              for (Map.Entry<Long, float[]> e : vectors.entrySet()) {
                TenantSql.bind(c, ps, e.getValue(), model, e.getValue().length, e.getKey(), model);
                ps.addBatch();
              }
              ps.executeBatch();
            }
            return null;
          });
    }

    private static IndexedDocument withVectors(IndexedDocument d, Map<Long, float[]> vectors) {
      if (d.chunks().stream().noneMatch(c -> vectors.containsKey(c.chunkId()))) {
        return d;
      }
      return new IndexedDocument(
          d.documentId(),
          d.chunks().stream()
              .map(
                  c ->
                      vectors.containsKey(c.chunkId()) ? c.withVector(vectors.get(c.chunkId())) : c)
              .toList(),
          d.code());
    }
  }
}
