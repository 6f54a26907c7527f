package dev.devflow.knowledgehub.search;

import dev.devflow.common.tenant.TenantSlug;
import dev.devflow.knowledgehub.concurrent.Threads;
import dev.devflow.knowledgehub.config.KnowledgeHubConfig;
import dev.devflow.knowledgehub.embed.Embedder;
import dev.devflow.knowledgehub.embed.Embeddings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.jboss.logging.Logger;

/**
 * The embedded {@link SearchIndex}: Apache Lucene, BM25 and HNSW vectors in one index per tenant
 * under {@code <data-dir>/index/<tenant>/gen-<n>}; hybrid results fused by reciprocal rank fusion.
 *
 * <p>A bean of its own type only: the {@link SearchIndex} the services use is chosen by {@link
 * SearchBackend} (this one unless {@code QDRANT_URL} is set).
 */
@ApplicationScoped
@Typed(LuceneSearchIndex.class)
public class LuceneSearchIndex implements SearchIndex {

  private static final Logger LOG = Logger.getLogger(LuceneSearchIndex.class);

  private final Path root;
  private final Embedder embeddings;
  private final Analyzer analyzer = SearchAnalyzers.index();
  private final Map<String, TenantIndex> open = new ConcurrentHashMap<>();

  /** How soon a crawl's batch becomes searchable. */
  static final long REFRESH_DELAY_MS = 1_000;

  /**
   * An index nobody has searched for this long is "search-idle" (Elasticsearch's term and default):
   * its batches are not made searchable in the background, and the next search makes them
   * searchable before it runs. Each reopen flushes a segment that is later merged again (rebuilding
   * its vector graph); a crawl nobody searches meanwhile writes one segment instead of one per
   * second, and no merge.
   */
  static final long SEARCH_IDLE_MS = 30_000;

  private final ScheduledExecutorService refresher =
      Executors.newSingleThreadScheduledExecutor(Threads.daemon("search-index-refresh"));

  /**
   * Segments a tenant's index is merged down to after a job. Every search visits every segment (a
   * k-NN graph walk and a term lookup per field and word in each), so the count, not the size, sets
   * its cost: at ~100k chunks a hybrid search cost ~11.5 ms of CPU over the 14 segments a rebuild
   * plus one crawl left, ~8.5 over 4 and ~6.5 over 1. Two lets the merge leave the largest segment
   * alone and fold the small ones a crawl leaves into one, which is cheap.
   */
  static final int MAX_SEGMENTS = 2;

  /** Share of replaced or deleted documents a compaction purges from the segments. */
  static final double MAX_DELETED_SHARE = 0.2;

  /** How long batches no job commits must have stopped before they are compacted. */
  static final long QUIET_MILLIS = 10_000;

  private final ExecutorService compactor =
      Executors.newSingleThreadExecutor(
          Threads.daemon("search-index-compact", Thread.MIN_PRIORITY));
  private final Set<TenantIndex> compacting = ConcurrentHashMap.newKeySet();

  /**
   * Writes share a tenant's gate; a rebuild holds it exclusively only to start and to swap its
   * generation in, so that every write in between reaches both generations.
   */
  private final Map<String, java.util.concurrent.locks.ReentrantReadWriteLock> gates =
      new ConcurrentHashMap<>();

  private final Map<String, GenerationRebuild> rebuilds = new ConcurrentHashMap<>();

  @Inject
  public LuceneSearchIndex(KnowledgeHubConfig config, Embeddings embeddings) {
    this(Path.of(config.dataDir()).resolve("index"), embeddings);
  }

  /** An index under {@code root} for the embedder's model (the contract suite, outside CDI). */
  LuceneSearchIndex(Path root, Embedder embeddings) {
    this.root = root;
    this.embeddings = embeddings;
  }

  private TenantIndex index(String tenant) {
    TenantSlug.require(tenant);
    return open.computeIfAbsent(tenant, t -> openLatest(root.resolve(t)));
  }

  private TenantIndex openLatest(Path tenantDir) {
    try {
      Files.createDirectories(tenantDir);
      Optional<Path> latest =
          generations(tenantDir)
              .filter(p -> Files.exists(p.resolve(TenantIndex.READY)))
              .findFirst();
      // the others are left over from a crash: an unfinished rebuild, or the generation one
      // replaced before it could be deleted
      generations(tenantDir)
          .filter(p -> latest.isEmpty() || !p.equals(latest.get()))
          .forEach(
              p -> {
                LOG.infof("Deleting the unused index generation %s", p);
                deleteTree(p);
              });
      return new TenantIndex(
          latest.orElse(tenantDir.resolve("gen-" + System.currentTimeMillis())),
          analyzer,
          embeddings.model(),
          embeddings.dimension());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the search index under " + tenantDir, e);
    }
  }

  private static Stream<Path> generations(Path tenantDir) throws IOException {
    try (Stream<Path> list = Files.list(tenantDir)) {
      return list
          .filter(p -> p.getFileName().toString().startsWith("gen-"))
          .sorted(
              Comparator.comparing(
                      (Path p) -> Long.parseLong(p.getFileName().toString().substring(4)))
                  .reversed())
          .toList()
          .stream();
    }
  }

  @Override
  public String vectorModel(String tenant) {
    return index(tenant).model;
  }

  @Override
  public void replaceDocuments(String tenant, List<IndexedDocument> documents) {
    writeBatch(
        tenant,
        GenerationRebuild.Touched.documents(
            documents.stream().map(IndexedDocument::documentId).toList()),
        ix -> {
          for (IndexedDocument d : documents) {
            ix.writer.updateDocuments(
                new Term(LuceneDocuments.DOCUMENT, Long.toString(d.documentId())),
                LuceneDocuments.of(d, ix.similarity, ix.holds(embeddings.model())));
          }
        });
  }

  @Override
  public void deleteDocuments(String tenant, Collection<Long> documentIds) {
    writeBatch(
        tenant,
        GenerationRebuild.Touched.documents(documentIds),
        ix -> {
          for (Long id : documentIds) {
            ix.writer.deleteDocuments(new Term(LuceneDocuments.DOCUMENT, Long.toString(id)));
          }
        });
  }

  @Override
  public void deleteSource(String tenant, UUID sourceId) {
    write(
        tenant,
        GenerationRebuild.Touched.source(sourceId),
        ix -> ix.writer.deleteDocuments(new Term(LuceneDocuments.SOURCE, sourceId.toString())),
        true);
    commit(tenant);
  }

  @Override
  public List<Hit> search(String tenant, Query query) {
    return search(tenant, searcher -> new HybridSearch(searcher, analyzer).search(query));
  }

  @Override
  public List<CodeHit> searchCode(
      String tenant, String text, String language, Set<UUID> sourceIds, int limit) {
    return search(
        tenant,
        searcher ->
            new HybridSearch(searcher, analyzer).searchCode(text, language, sourceIds, limit));
  }

  @Override
  public long sizeBytes(String tenant) {
    Path dir = root.resolve(tenant);
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.mapToLong(LuceneSearchIndex::fileSize).sum();
    } catch (IOException | UncheckedIOException e) {
      // a merge or a rebuild replaced files while they were walked: measured again next time
      return 0;
    }
  }

  private static long fileSize(Path p) {
    try {
      return Files.isRegularFile(p) ? Files.size(p) : 0;
    } catch (IOException e) {
      return 0; // deleted by a merge since it was listed
    }
  }

  @Override
  public Stats stats(String tenant) {
    TenantIndex ix = index(tenant);
    boolean exists = Files.exists(ix.dir.resolve(TenantIndex.READY));
    try {
      Map<String, String> data = ix.commitData();
      long[] counts =
          read(
              tenant,
              s ->
                  new long[] {
                    s.count(
                        new org.apache.lucene.search.TermQuery(
                            new Term(LuceneDocuments.KIND, LuceneDocuments.CHUNK_KIND))),
                    s.count(
                        new org.apache.lucene.search.TermQuery(
                            new Term(LuceneDocuments.KIND, LuceneDocuments.CODE_KIND)))
                  },
              false);
      return new Stats(
          exists,
          counts[0],
          counts[1],
          data.getOrDefault("model", ""),
          Integer.parseInt(data.getOrDefault("dimension", "0")),
          ix.similarity == LuceneDocuments.SIMILARITY && SearchAnalyzers.FORMAT.equals(ix.format));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void commit(String tenant) {
    write(tenant, null, TenantIndex::commit, true); // a rebuild commits its own generation
    compactSoon(index(tenant));
  }

  /**
   * Merges the index down to {@link #MAX_SEGMENTS} in the background, without the tenant's locks:
   * searches and writes go on meanwhile, and a rebuild that swaps the index out just makes the
   * merge fail quietly on the closed writer.
   */
  private void compactSoon(TenantIndex ix) {
    if (!compacting.add(ix)) {
      return;
    }
    compactor.execute(
        () -> {
          try {
            compact(ix);
          } catch (org.apache.lucene.store.AlreadyClosedException
              | org.apache.lucene.util.ThreadInterruptedException e) {
            LOG.debugf("Compaction of %s skipped: %s", ix.dir, e); // swapped, or shutting down
          } catch (IOException | RuntimeException e) {
            LOG.warnf("Compaction of %s failed (searches go on, a bit slower): %s", ix.dir, e);
          } finally {
            compacting.remove(ix);
          }
        });
  }

  private void compact(TenantIndex ix) throws IOException {
    boolean merged = false;
    if (segments(ix) > MAX_SEGMENTS) {
      ix.writer.forceMerge(MAX_SEGMENTS);
      merged = true;
    }
    if (deletedShare(ix.writer) > MAX_DELETED_SHARE) {
      ix.writer
          .forceMergeDeletes(); // replaced documents stay in the graphs, each search walks them
      merged = true;
    }
    if (merged) {
      ix.commit();
      ix.searchers.maybeRefreshBlocking();
    }
  }

  /**
   * Batches that no job commits (another replica's writes, which the follower applies) are
   * compacted once they have stopped for {@link #QUIET_MILLIS}.
   */
  private void compactWhenQuiet(TenantIndex ix, long delayMillis) {
    refresher.schedule(
        () -> {
          long quiet = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ix.lastBatchNanos);
          if (quiet < QUIET_MILLIS) {
            compactWhenQuiet(ix, QUIET_MILLIS - quiet);
            return;
          }
          ix.quietCheckPending.set(false);
          compactSoon(ix);
        },
        delayMillis,
        TimeUnit.MILLISECONDS);
  }

  private static double deletedShare(org.apache.lucene.index.IndexWriter writer) {
    var docs = writer.getDocStats();
    return docs.maxDoc == 0 ? 0 : (docs.maxDoc - docs.numDocs) / (double) docs.maxDoc;
  }

  /** Segments the tenant's searches visit now. */
  int segments(String tenant) {
    try {
      return segments(index(tenant));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int segments(TenantIndex ix) throws IOException {
    return ix.withSearcher(s -> s.getIndexReader().leaves().size());
  }

  /**
   * Builds a new generation from the feed while searches use the current one and writes go on: a
   * write made meanwhile is applied to both, and the feed leaves out the documents such a write
   * touched (its copy, read from PostgreSQL earlier, may be older). Writes wait only while the
   * rebuild starts and while the new generation is swapped in.
   */
  @Override
  public void rebuild(String tenant, Consumer<Consumer<List<IndexedDocument>>> feed) {
    index(tenant); // open the current generation first: opening looks for the newest complete one
    TenantIndex fresh = openFresh(root.resolve(tenant));
    GenerationRebuild rebuild = new GenerationRebuild(fresh);
    var gate = gate(tenant).writeLock();
    gate.lock(); // writes in flight finish first; every later one sees the rebuild
    try {
      if (rebuilds.putIfAbsent(tenant, rebuild) != null) {
        closeQuietly(fresh);
        deleteTree(fresh.dir);
        throw new IllegalStateException("The index of tenant " + tenant + " is being rebuilt");
      }
    } finally {
      gate.unlock();
    }
    TenantIndex old;
    try {
      feed.accept(rebuild::feed);
      // one segment: the fewer a search visits, the cheaper it is (see MAX_SEGMENTS), and the
      // index is not searched until it is swapped in; writes meanwhile land in small segments
      fresh.writer.forceMerge(1);
      fresh.commit();
      gate.lock();
      try {
        fresh.commit(); // the writes made since the commit above
        fresh.searchers.maybeRefreshBlocking();
        old = index(tenant);
        old.lock.writeLock().lock();
        try {
          open.put(tenant, fresh);
        } finally {
          old.lock.writeLock().unlock();
        }
        rebuilds.remove(tenant);
      } finally {
        gate.unlock();
      }
    } catch (IOException | RuntimeException e) {
      gate.lock();
      try {
        rebuilds.remove(tenant, rebuild);
      } finally {
        gate.unlock();
      }
      if (open.get(tenant) != fresh) {
        closeQuietly(fresh);
        deleteTree(fresh.dir); // it may be complete already: never open it after a restart
      }
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
    closeQuietly(old);
    deleteTree(old.dir);
  }

  private java.util.concurrent.locks.ReentrantReadWriteLock gate(String tenant) {
    return gates.computeIfAbsent(
        tenant, t -> new java.util.concurrent.locks.ReentrantReadWriteLock());
  }

  private TenantIndex openFresh(Path tenantDir) {
    try {
      return new TenantIndex(
          tenantDir.resolve("gen-" + System.currentTimeMillis()),
          analyzer,
          embeddings.model(),
          embeddings.dimension());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An index operation that may throw IO exceptions. */
  @FunctionalInterface
  interface IndexWork {
    void run(TenantIndex ix) throws IOException;
  }

  /** A searcher operation that may throw IO exceptions. */
  @FunctionalInterface
  interface SearchWork<T> {
    T run(IndexSearcher s) throws IOException;
  }

  /**
   * A crawl's or follower's batch: searchable within {@link #REFRESH_DELAY_MS}, not at once. A
   * reopen per batch flushed a tiny segment each time, and merging hundreds of them (rebuilding
   * their vector graphs) cost a crawl more than its HTML parsing; a job's commit and a source's
   * deletion still reopen at once.
   */
  private void writeBatch(String tenant, GenerationRebuild.Touched what, IndexWork work) {
    write(tenant, what, work, false);
  }

  /** {@code what} is null for a write that only the current generation takes (a commit). */
  private void write(
      String tenant, GenerationRebuild.Touched what, IndexWork work, boolean refreshNow) {
    var gate = gate(tenant).readLock();
    gate.lock();
    try {
      writeOpen(tenant, work, refreshNow);
      GenerationRebuild rebuild = rebuilds.get(tenant);
      if (rebuild != null && what != null) {
        rebuild.write(work, what);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      gate.unlock();
    }
  }

  private void writeOpen(String tenant, IndexWork work, boolean refreshNow) {
    while (true) {
      TenantIndex ix = index(tenant);
      ix.lock.readLock().lock();
      try {
        if (open.get(tenant) != ix) {
          continue; // swapped by a rebuild while waiting: write to the new generation
        }
        work.run(ix);
        if (refreshNow) {
          ix.searchers.maybeRefresh();
        } else {
          afterBatch(ix);
        }
        return;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        ix.lock.readLock().unlock();
      }
    }
  }

  private void afterBatch(TenantIndex ix) {
    ix.lastBatchNanos = System.nanoTime();
    ix.unrefreshed = true;
    if (ix.lastBatchNanos - ix.lastSearchNanos < TimeUnit.MILLISECONDS.toNanos(SEARCH_IDLE_MS)) {
      refreshSoon(ix);
    }
    if (ix.quietCheckPending.compareAndSet(false, true)) {
      compactWhenQuiet(ix, QUIET_MILLIS);
    }
  }

  private void refreshSoon(TenantIndex ix) {
    if (ix.refreshPending.compareAndSet(false, true)) {
      refresher.schedule(
          () -> {
            ix.refreshPending.set(false);
            try {
              ix.searchers.maybeRefresh();
            } catch (IOException | org.apache.lucene.store.AlreadyClosedException e) {
              LOG.debugf("Deferred refresh of %s skipped: %s", ix.dir, e); // swapped or closed
            }
          },
          REFRESH_DELAY_MS,
          TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Before a read, makes the batches written since the searcher's last reopen searchable unless a
   * reopen is due within {@link #REFRESH_DELAY_MS} anyway (the index is search-active). Only a
   * search makes the index active: a statistics read must not make a crawl flush every second.
   */
  private static void beforeRead(TenantIndex ix, boolean search) throws IOException {
    long now = System.nanoTime();
    boolean idle = now - ix.lastSearchNanos >= TimeUnit.MILLISECONDS.toNanos(SEARCH_IDLE_MS);
    if (search) {
      ix.lastSearchNanos = now;
    }
    if (ix.unrefreshed && (idle || !ix.refreshPending.get())) {
      ix.searchers.maybeRefreshBlocking();
    }
  }

  private <T> T search(String tenant, SearchWork<T> work) {
    return read(tenant, work, true);
  }

  private <T> T read(String tenant, SearchWork<T> work, boolean search) {
    TenantIndex ix = index(tenant);
    ix.lock.readLock().lock();
    try {
      if (open.get(tenant) != ix) {
        return read(tenant, work, search); // swapped by a rebuild while waiting
      }
      beforeRead(ix, search);
      return ix.withSearcher(work);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      ix.lock.readLock().unlock();
    }
  }

  private static void closeQuietly(TenantIndex ix) {
    try {
      ix.close();
    } catch (IOException | RuntimeException e) {
      LOG.warnf("Closing index %s failed: %s", ix.dir, e.getMessage());
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warnf("Could not delete old index generation %s: %s", dir, e.getMessage());
    }
  }

  @PreDestroy
  void close() {
    refresher.shutdownNow();
    compactor.shutdownNow();
    open.values().forEach(LuceneSearchIndex::closeQuietly);
    open.clear();
  }
}
