package dev.devflow.knowledgehub.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ReferenceManager;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.FSDirectory;

/**
 * One generation of one tenant's Lucene index: a directory, its writer and a near-real-time
 * searcher. A rebuild writes a new generation and swaps it in.
 */
final class TenantIndex implements AutoCloseable {

  /**
   * Neighbours a new vector's graph insertion considers (HNSW's ef_construction). Lucene's default
   * is 100; 64 is pgvector's. Inserting a chunk's vector is the costliest part of indexing it, and
   * on the manual's own vectors 64 builds the graph for 35-40% less CPU (0.53 -> 0.35 ms a chunk at
   * 96k chunks, 0.44-0.53 -> 0.27-0.32 ms at 8k) while finding the same top 10 within 0.2% (0.998
   * against 1.000 at 96k, equal at 8k) with the searches' 100 candidates. The format's parameters
   * shape only how a graph is built, so indexes built with 100 read and merge as before.
   */
  static final int GRAPH_BEAM = 64;

  static final Codec CODEC =
      new Lucene912Codec() {
        private final KnnVectorsFormat vectors =
            new Lucene99HnswVectorsFormat(Lucene99HnswVectorsFormat.DEFAULT_MAX_CONN, GRAPH_BEAM);

        @Override
        public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
          return vectors;
        }
      };

  /** Marks a generation as complete; an incomplete one (crash mid-rebuild) is ignored. */
  static final String READY = "READY";

  final Path dir;
  final IndexWriter writer;
  final SearcherManager searchers;

  /**
   * How this generation compares vectors: as its existing vectors were written, else the new way.
   */
  final VectorSimilarityFunction similarity;

  /**
   * The embedding model whose vectors this generation holds, and their dimension: as its last
   * commit recorded them, else the model it was opened for. After the model is changed, an index
   * still on the old one takes new chunks without vectors and answers no vector search, until the
   * rebuild (which re-embeds the chunks) replaces it.
   */
  final String model;

  final int dimension;

  /**
   * How its text was analysed ({@link SearchAnalyzers#FORMAT}): as its last commit recorded it (1
   * before formats were recorded), else the current format.
   */
  final String format;

  /** A deferred reopen is scheduled (see LuceneSearchIndex#writeBatch). */
  final AtomicBoolean refreshPending = new AtomicBoolean();

  /** When the last deferred-refresh batch was written ({@link System#nanoTime()}). */
  volatile long lastBatchNanos;

  /** When the index was last searched; far in the past at first, so a new index is idle. */
  volatile long lastSearchNanos = System.nanoTime() - TimeUnit.DAYS.toNanos(1);

  /** Batches were written since the searcher's last reopen began. */
  volatile boolean unrefreshed;

  /** A check for a quiet spell before compacting is scheduled. */
  final AtomicBoolean quietCheckPending = new AtomicBoolean();

  /** Writers share it; a swap takes it exclusively. */
  final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  TenantIndex(Path dir, Analyzer analyzer, String model, int dimension) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    IndexWriterConfig cfg = new IndexWriterConfig(analyzer);
    cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
    cfg.setRAMBufferSizeMB(64);
    cfg.setCodec(CODEC);
    this.writer = new IndexWriter(FSDirectory.open(dir), cfg);
    this.searchers = new SearcherManager(writer, null);
    this.similarity = existingSimilarity().orElse(LuceneDocuments.SIMILARITY);
    Map<String, String> committed = commitData();
    String recorded = committed.getOrDefault("model", "");
    this.model = recorded.isEmpty() ? model : recorded;
    this.dimension =
        recorded.isEmpty() ? dimension : Integer.parseInt(committed.getOrDefault("dimension", "0"));
    this.format =
        committed.isEmpty() ? SearchAnalyzers.FORMAT : committed.getOrDefault("format", "1");
    this.searchers.addListener(
        new ReferenceManager.RefreshListener() {
          @Override
          public void beforeRefresh() {
            unrefreshed = false; // a batch written from here on marks it again
          }

          @Override
          public void afterRefresh(boolean didRefresh) {}
        });
  }

  private Optional<VectorSimilarityFunction> existingSimilarity() throws IOException {
    FieldInfo vectors =
        withSearcher(
            s ->
                FieldInfos.getMergedFieldInfos(s.getIndexReader())
                    .fieldInfo(LuceneDocuments.VECTOR));
    return Optional.ofNullable(vectors).map(FieldInfo::getVectorSimilarityFunction);
  }

  /** Runs the work on the current searcher. */
  <T> T withSearcher(LuceneSearchIndex.SearchWork<T> work) throws IOException {
    IndexSearcher s = searchers.acquire();
    try {
      return work.run(s);
    } finally {
      searchers.release(s);
    }
  }

  /** Whether the vectors here come from this model (a query vector from it can search them). */
  boolean holds(String embeddingModel) {
    return model.equals(embeddingModel);
  }

  void commit() throws IOException {
    writer.setLiveCommitData(
        Map.of("model", model, "dimension", Integer.toString(dimension), "format", format)
            .entrySet());
    writer.commit();
    Path ready = dir.resolve(READY);
    if (!Files.exists(ready)) {
      Files.createFile(ready);
    }
  }

  Map<String, String> commitData() throws IOException {
    Map<String, String> out = new java.util.HashMap<>();
    try {
      var commits = org.apache.lucene.index.DirectoryReader.listCommits(writer.getDirectory());
      if (!commits.isEmpty()) {
        out.putAll(commits.get(commits.size() - 1).getUserData());
      }
    } catch (org.apache.lucene.index.IndexNotFoundException none) {
      // never committed: no model recorded yet
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    searchers.close();
    writer.close();
    writer.getDirectory().close();
  }
}
