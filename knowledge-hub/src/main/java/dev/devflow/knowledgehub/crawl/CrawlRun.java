package dev.devflow.knowledgehub.crawl;

import crawlercommons.robots.BaseRobotRules;
import dev.devflow.knowledgehub.concurrent.Threads;
import dev.devflow.knowledgehub.ingest.Chunker;
import dev.devflow.knowledgehub.ingest.EmbeddedPage;
import dev.devflow.knowledgehub.ingest.HtmlExtractor;
import dev.devflow.knowledgehub.ingest.IngestPipeline;
import dev.devflow.knowledgehub.ingest.MarkupExtractor;
import dev.devflow.knowledgehub.ingest.ParsedDocument;
import dev.devflow.knowledgehub.job.Job;
import dev.devflow.knowledgehub.job.Progress;
import dev.devflow.knowledgehub.source.Source;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One run of a crawl job. Worker threads fetch, parse and chunk pages; this coordinator thread
 * alone touches the frontier and the job's counters, batches chunks across pages for the model, and
 * stores each batch with its frontier entries in one transaction. The model runs on its own thread
 * and always has the next batch queued: this thread stores and indexes batch n while batch n + 1 is
 * being embedded, so the model never waits for the database or the index.
 */
final class CrawlRun {

  private static final Logger LOG = Logger.getLogger(CrawlRun.class);

  private static final int EMBED_BATCH = 64;

  private final CrawlRunner r;
  private final String tenant;
  private final UUID jobId;
  private final Source source;
  private final Deque<FrontierRepository.Entry> queue = new ArrayDeque<>();
  private final Set<String> claimed = new HashSet<>();
  private final List<IngestPipeline.ChunkedPage> pending = new ArrayList<>();
  private int pendingChunks;
  private ExecutorService model;
  private Future<List<EmbeddedPage>> embedding; // the batch handed to the model, not yet stored
  private Map<String, String> hashes;
  private final int[] counters =
      new int[6]; // fetched, chunked, embedded, unchanged, failed, chunks
  private long found;
  private long lastProgress;
  private long lastCancelCheck;
  private CrawlScope scope;

  CrawlRun(CrawlRunner runner, String tenant, UUID jobId, Source source) {
    this.r = runner;
    this.tenant = tenant;
    this.jobId = jobId;
    this.source = source;
  }

  String run() {
    URI seed = URI.create(source.url());
    BaseRobotRules robots = r.discovery.robots(seed);
    r.fetcher.honourCrawlDelay(seed, robots.getCrawlDelay());
    scope = new CrawlScope(seed, source.includePatterns(), source.excludePatterns(), robots);
    claimed.addAll(r.frontier.urls(tenant, jobId));
    hashes = r.services.store.contentHashes(tenant, source.id());
    if (!r.jobs.discovered(tenant, jobId)) {
      List<FrontierRepository.Entry> seeds = new ArrayList<>();
      seeds.add(new FrontierRepository.Entry(seed.toString(), 0));
      r.discovery
          .pages(scope, robots)
          .forEach(u -> seeds.add(new FrontierRepository.Entry(u.toString(), 1)));
      enqueue(
          seeds.stream().filter(e -> e.depth() == 0 || scope.allows(URI.create(e.url()))).toList());
      r.jobs.setDiscovered(tenant, jobId);
    }
    queue.clear(); // the durable frontier is the one truth, fresh or resumed
    queue.addAll(r.frontier.pending(tenant, jobId));
    found = r.frontier.count(tenant, jobId);
    r.jobs.setFound(tenant, jobId, found);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, r.config.concurrency()), Threads.daemon("crawl-fetch"));
    model = Executors.newSingleThreadExecutor(Threads.daemon("crawl-embed"));
    try {
      return crawl(pool);
    } finally {
      pool.shutdownNow();
      model.shutdownNow();
    }
  }

  private String crawl(ExecutorService pool) {
    CompletionService<FetchedPage> done = new ExecutorCompletionService<>(pool);
    int inFlight = 0;
    int ahead = Math.max(1, r.config.concurrency()) * 2;
    while (true) {
      if (cancelRequested()) {
        storeEmbedded();
        progress(true);
        return Job.CANCELLED;
      }
      if (embedding != null && embedding.isDone()) {
        storeEmbedded();
      }
      while (inFlight < ahead && !queue.isEmpty()) {
        FrontierRepository.Entry next = queue.poll();
        done.submit(() -> fetch(next));
        inFlight++;
      }
      if (inFlight == 0) {
        flush();
        storeEmbedded();
        break;
      }
      Future<FetchedPage> result = poll(done, pendingChunks > 0 || embedding != null ? 50 : 1000);
      if (result == null) {
        if (pendingChunks > 0) {
          flush();
        }
        continue;
      }
      inFlight--;
      handle(get(result));
      if (pendingChunks >= EMBED_BATCH || (embedding == null && pendingChunks > 0)) {
        flush(); // a full batch, or whatever there is while the model has nothing to do
      }
      progress(false);
    }
    if (cancelRequested()) {
      return Job.CANCELLED;
    }
    List<Long> vanished = r.services.store.deleteUnseen(tenant, source.id(), jobId);
    r.services.index.deleteDocuments(tenant, vanished);
    long commitStart = System.nanoTime();
    r.services.index.commit(tenant);
    LOG.infof(
        "Crawl job %s of tenant %s: %d pages found, %d vanished pages dropped; index commit %d ms",
        jobId, tenant, found, vanished.size(), (System.nanoTime() - commitStart) / 1_000_000);
    progress(true);
    return Job.DONE;
  }

  /** Runs on a worker: fetch, parse, chunk. */
  private FetchedPage fetch(FrontierRepository.Entry entry) {
    try {
      PageFetcher.Page page = r.fetcher.fetch(URI.create(entry.url()));
      ParsedDocument parsed =
          page.html()
              ? HtmlExtractor.parse(page.body(), page.url())
              : MarkupExtractor.parse(page.body(), page.url().getPath(), page.url());
      URI finalUrl = scope.onSite(parsed.canonical()) ? parsed.canonical() : page.url();
      return new FetchedPage(entry, finalUrl, parsed, Chunker.chunk(parsed), null);
    } catch (FetchException e) {
      return FetchedPage.failed(entry, e);
    } catch (RuntimeException e) {
      return FetchedPage.failed(
          entry, new FetchException("Could not parse the page: " + e.getMessage()));
    }
  }

  private void handle(FetchedPage page) {
    String url = page.entry().url();
    if (page.failure() != null) {
      fail(url, page.failure());
      return;
    }
    count(Progress.fetchedPage());
    if (page.entry().depth() < source.maxDepth()) {
      List<FrontierRepository.Entry> links = new ArrayList<>();
      for (URI link : page.parsed().links()) {
        if (scope.allows(link)) {
          links.add(new FrontierRepository.Entry(link.toString(), page.entry().depth() + 1));
        }
      }
      enqueue(links);
    }
    String docUrl = page.finalUrl().toString();
    if (!docUrl.equals(url) && (!scope.allows(page.finalUrl()) || !claimed.add(docUrl))) {
      // redirected out of scope, or to a page this crawl already has under its own URL
      r.frontier.mark(tenant, jobId, url, "skipped");
      return;
    }
    String hash = page.parsed().contentHash();
    if (r.services
        .store
        .contentHash(tenant, source.id(), docUrl)
        .filter(hash::equals)
        .isPresent()) {
      r.services.store.markUnchanged(tenant, jobId, source.id(), docUrl, url);
      r.jobs.addProgress(tenant, jobId, Progress.unchangedPage());
      return;
    }
    pending.add(
        new IngestPipeline.ChunkedPage(
            source.id(), url, docUrl, page.parsed(), hash, page.chunks()));
    pendingChunks += page.chunks().size();
  }

  private void fail(String url, FetchException e) {
    r.frontier.mark(tenant, jobId, url, "failed");
    r.jobs.addError(tenant, jobId, url, e.getMessage());
    count(Progress.failedPage());
    if (e.status() != 404 && e.status() != 410) {
      // a page that failed for another reason (timeout, 5xx) has not vanished: keep it
      r.services.store.markSeen(tenant, jobId, source.id(), url);
    }
  }

  private void enqueue(List<FrontierRepository.Entry> entries) {
    List<FrontierRepository.Entry> fresh = new ArrayList<>();
    for (FrontierRepository.Entry e : entries) {
      if (found + fresh.size() >= source.maxPages()) {
        break;
      }
      if (claimed.add(e.url())) {
        fresh.add(e);
      }
    }
    List<FrontierRepository.Entry> added = r.frontier.add(tenant, jobId, fresh);
    queue.addAll(added);
    found += added.size();
  }

  /** Queues the pending pages for the model, then stores the batch it embedded before. */
  private void flush() {
    if (pending.isEmpty()) {
      return;
    }
    List<IngestPipeline.ChunkedPage> batch = List.copyOf(pending);
    pending.clear();
    pendingChunks = 0;
    Future<List<EmbeddedPage>> next = model.submit(() -> r.services.pipeline.embed(tenant, batch));
    storeEmbedded();
    embedding = next;
  }

  /** Waits for the batch the model is on, if any, and stores and indexes it. */
  private void storeEmbedded() {
    if (embedding == null) {
      return;
    }
    List<EmbeddedPage> pages = get(embedding);
    embedding = null;
    int chunks = r.services.pipeline.store(tenant, jobId, pages);
    count(Progress.embeddedPages(pages.size(), chunks));
  }

  private void progress(boolean force) {
    long now = System.currentTimeMillis();
    if (!force && now - lastProgress < r.config.progressInterval().toMillis()) {
      return;
    }
    lastProgress = now;
    r.jobs.setFound(tenant, jobId, found);
    r.jobs.addProgress(
        tenant,
        jobId,
        new Progress(counters[0], counters[1], counters[2], counters[3], counters[4], counters[5]));
    java.util.Arrays.fill(counters, 0);
    r.jobs
        .findJobById(tenant, jobId)
        .ifPresent(
            job ->
                r.services.events.append(
                    tenant,
                    "crawl.progress",
                    source.id().toString(),
                    Map.of(
                        "sourceId",
                        source.id().toString(),
                        "jobId",
                        jobId.toString(),
                        "pagesFound",
                        job.pagesFound(),
                        "pagesFetched",
                        job.pagesFetched(),
                        "pagesEmbedded",
                        job.pagesEmbedded(),
                        "pagesFailed",
                        job.pagesFailed(),
                        "chunksEmbedded",
                        job.chunksEmbedded())));
  }

  /** Counters are kept here and written with each progress event (at most once per interval). */
  private void count(Progress p) {
    counters[0] += p.fetched();
    counters[1] += p.chunked();
    counters[2] += p.embedded();
    counters[3] += p.unchanged();
    counters[4] += p.failed();
    counters[5] += p.chunks();
  }

  private boolean cancelRequested() {
    long now = System.currentTimeMillis();
    if (now - lastCancelCheck < 300) {
      return false;
    }
    lastCancelCheck = now;
    return r.jobs.cancelRequested(tenant, jobId);
  }

  private static Future<FetchedPage> poll(CompletionService<FetchedPage> done, long millis) {
    try {
      return done.poll(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Crawl interrupted", e);
    }
  }

  private static <T> T get(Future<T> f) {
    return Threads.join(f, "A crawl worker"); // e.g. the embedder's own error
  }
}
