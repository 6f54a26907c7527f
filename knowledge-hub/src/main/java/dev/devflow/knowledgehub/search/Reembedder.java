package dev.devflow.knowledgehub.search;

import dev.devflow.knowledgehub.db.Sql;
import dev.devflow.knowledgehub.embed.Embeddings;
import dev.devflow.knowledgehub.ingest.Chunker;
import dev.devflow.knowledgehub.ingest.IngestPipeline;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Re-embeds, from their stored text, the chunks another model embedded (after the model is
 * changed): no page is fetched again. The model embeds one batch while the batch before it is
 * written, all of it in one round trip, so the model does not wait for the database; each batch is
 * committed on its own, so after a crash the work resumes with the chunks still on the old model.
 */
@ApplicationScoped
public class Reembedder {

  private static final Logger LOG = Logger.getLogger(Reembedder.class);
  static final int BATCH = 256;

  private final Sql sql;
  private final Embeddings embeddings;

  public Reembedder(Sql sql, Embeddings embeddings) {
    this.sql = sql;
    this.embeddings = embeddings;
  }

  private record Row(long id, String title, String heading, String text) {}

  /** Returns how many chunks were re-embedded. */
  public long reembed(String tenant) {
    String model = embeddings.model();
    long total = sql.count(tenant, "SELECT count(*) FROM {t}.chunks WHERE model <> ?", model);
    if (total == 0) {
      return 0;
    }
    LOG.infof("Re-embedding %d chunks of tenant %s with %s", total, tenant, model);
    long start = System.nanoTime();
    long done = 0;
    long after = 0;
    ExecutorService writer =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "reembed-write-" + tenant);
              t.setDaemon(true);
              return t;
            });
    CompletableFuture<Void> writing = CompletableFuture.completedFuture(null);
    try {
      while (true) {
        List<Row> rows =
            sql.list(
                tenant,
                "SELECT id, title, heading_path, text FROM {t}.chunks WHERE id > ? AND model <> ?"
                    + " ORDER BY id LIMIT "
                    + BATCH,
                rs -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                after,
                model);
        if (rows.isEmpty()) {
          break;
        }
        after = rows.get(rows.size() - 1).id();
        List<float[]> vectors =
            embeddings.embed(
                rows.stream()
                    .map(
                        r ->
                            IngestPipeline.embeddingText(
                                r.title(), new Chunker.Draft(0, r.heading(), r.text())))
                    .toList());
        await(writing);
        writing = CompletableFuture.runAsync(() -> write(tenant, model, rows, vectors), writer);
        done += rows.size();
        if (done % (BATCH * 8) == 0) {
          LOG.infof("Re-embedded %d of %d chunks of tenant %s", done, total, tenant);
        }
      }
      await(writing);
    } finally {
      writer.shutdown();
    }
    LOG.infof(
        "Re-embedded %d chunks of tenant %s with %s in %d ms",
        done, tenant, model, (System.nanoTime() - start) / 1_000_000);
    return done;
  }

  private void write(String tenant, String model, List<Row> rows, List<float[]> vectors) {
    sql.with(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  Sql.in(
                      tenant,
                      "UPDATE {t}.chunks SET embedding = ?, model = ?, dimension = ? WHERE id = ?"))) {
            for (int i = 0; i < rows.size(); i++) {
              Sql.bind(c, ps, vectors.get(i), model, vectors.get(i).length, rows.get(i).id());
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  private static void await(CompletableFuture<Void> writing) {
    try {
      writing.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Re-embedding was interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    }
  }
}
