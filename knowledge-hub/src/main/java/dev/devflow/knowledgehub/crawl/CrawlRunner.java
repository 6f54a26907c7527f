package dev.devflow.knowledgehub.crawl;

import dev.devflow.common.persistence.EventLog;
import dev.devflow.knowledgehub.config.KnowledgeHubConfig;
import dev.devflow.knowledgehub.ingest.DocumentStore;
import dev.devflow.knowledgehub.ingest.IngestPipeline;
import dev.devflow.knowledgehub.job.JobRepository;
import dev.devflow.knowledgehub.job.JobWork;
import dev.devflow.knowledgehub.search.SearchIndex;
import dev.devflow.knowledgehub.source.Source;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.UUID;

/** Runs crawl and refresh jobs; holds what each {@link CrawlRun} needs. */
@ApplicationScoped
public class CrawlRunner implements JobWork {

  final KnowledgeHubConfig.Crawl config;
  final JobRepository jobs;
  final FrontierRepository frontier;
  final Discovery discovery;
  final PageFetcher fetcher;
  final CrawlServices services;

  /** The rest of a crawl's collaborators, grouped to keep constructors small (no proxy: fields). */
  @jakarta.inject.Singleton
  public static class CrawlServices {
    final IngestPipeline pipeline;
    final DocumentStore store;
    final SearchIndex index;
    final EventLog events;

    public CrawlServices(
        IngestPipeline pipeline, DocumentStore store, SearchIndex index, EventLog events) {
      this.pipeline = pipeline;
      this.store = store;
      this.index = index;
      this.events = events;
    }
  }

  public CrawlRunner(
      KnowledgeHubConfig config,
      JobRepository jobs,
      FrontierRepository frontier,
      Discovery discovery,
      PageFetcher fetcher,
      CrawlServices services) {
    this.config = config.crawl();
    this.jobs = jobs;
    this.frontier = frontier;
    this.discovery = discovery;
    this.fetcher = fetcher;
    this.services = services;
  }

  @Override
  public Set<String> kinds() {
    return Set.of("crawl", "refresh");
  }

  /** Runs (or resumes) a crawl job to its end; returns the final status. */
  @Override
  public String run(String tenant, UUID jobId, Source source) {
    return new CrawlRun(this, tenant, jobId, source).run();
  }
}
