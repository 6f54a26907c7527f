package dev.devflow.knowledgehub.source.api;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.knowledgehub.crawl.UrlGuard;
import dev.devflow.knowledgehub.job.Job;
import dev.devflow.knowledgehub.job.JobRepository;
import dev.devflow.knowledgehub.job.JobRunner;
import dev.devflow.knowledgehub.search.SearchIndex;
import dev.devflow.knowledgehub.source.Source;
import dev.devflow.knowledgehub.source.SourceRepository;
import dev.devflow.knowledgehub.source.SourceRequest;
import dev.devflow.knowledgehub.source.SourceUpdate;
import dev.devflow.knowledgehub.usage.IngestAllowance;
import dev.devflow.knowledgehub.usage.TenantStorage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Creates, shows, refreshes, cancels and deletes a tenant's sources. */
@ApplicationScoped
public class SourceService {

  private final SourceRepository sources;
  private final JobRepository jobs;
  private final JobRunner runner;
  private final UrlGuard guard;
  private final SearchIndex index;
  private final IngestAllowance allowance;
  private final TenantStorage storage;

  public SourceService(
      SourceRepository sources,
      JobRepository jobs,
      JobRunner runner,
      UrlGuard guard,
      SearchIndex index,
      IngestAllowance allowance,
      TenantStorage storage) {
    this.sources = sources;
    this.jobs = jobs;
    this.runner = runner;
    this.guard = guard;
    this.index = index;
    this.allowance = allowance;
    this.storage = storage;
  }

  /** Creates a crawled source and queues its first crawl. */
  public SourceView createSource(String tenant, SourceRequest request) {
    URI url = guard.requireCrawlable(request.url(), "url");
    compile("includePatterns", request.includeOrEmpty());
    compile("excludePatterns", request.excludeOrEmpty());
    sources
        .findIdByUrl(tenant, url.toString())
        .ifPresent(
            id -> {
              throw new DuplicateSourceException(id, url.toString());
            });
    allowance.require(tenant, 1, 0, "this crawl");
    UUID id = UUID.randomUUID();
    UUID jobId = UUID.randomUUID();
    try {
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                sources.insert(
                    tenant, id, Source.KIND_URL, request.name().strip(), url.toString(), request);
                jobs.insert(tenant, jobId, id, "crawl");
              });
    } catch (RuntimeException e) {
      // lost a race with an identical request: the unique index decided
      Optional<UUID> existing = sources.findIdByUrl(tenant, url.toString());
      if (existing.isPresent()) {
        throw new DuplicateSourceException(existing.get(), url.toString());
      }
      throw e;
    }
    runner.submit(tenant, jobId);
    return view(tenant, id).orElseThrow();
  }

  /** Renames, retags or changes the crawl settings of a source. */
  public SourceView updateSource(String tenant, UUID id, SourceUpdate update) {
    require(tenant, id);
    compile(
        "includePatterns", update.includePatterns() == null ? List.of() : update.includePatterns());
    compile(
        "excludePatterns", update.excludePatterns() == null ? List.of() : update.excludePatterns());
    sources.update(tenant, id, update);
    return view(tenant, id).orElseThrow();
  }

  public List<Source> listSources(String tenant, String tag) {
    return sources.listSources(tenant, tag);
  }

  public Optional<SourceView> view(String tenant, UUID id) {
    return sources
        .findSourceById(tenant, id)
        .map(
            s -> {
              Optional<Job> latest = jobs.listJobs(tenant, id).stream().findFirst();
              return new SourceView(
                  s,
                  latest.orElse(null),
                  latest.map(j -> jobs.listErrors(tenant, j.id())).orElse(List.of()));
            });
  }

  public List<Job> listJobs(String tenant, UUID id) {
    require(tenant, id);
    return jobs.listJobs(tenant, id);
  }

  /** Queues a re-crawl that re-embeds only changed pages and drops vanished ones. */
  public Job refresh(String tenant, UUID id) {
    Source source = require(tenant, id);
    if (!Source.KIND_URL.equals(source.kind())) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "Source " + id + " is made of uploaded files: upload them again instead of refreshing.");
    }
    jobs.findActive(tenant, id)
        .ifPresent(
            j -> {
              throw new ProblemException(
                  ProblemType.CONFLICT,
                  "Source " + id + " is already being crawled by job " + j.id() + ".");
            });
    allowance.require(tenant, 1, 0, "this crawl");
    UUID jobId = UUID.randomUUID();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              jobs.insert(tenant, jobId, id, "refresh");
              sources.updateStatus(tenant, id, Job.QUEUED, null, false);
            });
    runner.submit(tenant, jobId);
    return jobs.findJobById(tenant, jobId).orElseThrow();
  }

  /** Asks the source's running job to stop; it ends as cancelled. */
  public Job cancel(String tenant, UUID id) {
    require(tenant, id);
    Job active =
        jobs.findActive(tenant, id)
            .orElseThrow(
                () ->
                    new ProblemException(
                        ProblemType.CONFLICT,
                        "Source " + id + " has no queued or running job to cancel."));
    jobs.requestCancel(tenant, active.id());
    return jobs.findJobById(tenant, active.id()).orElseThrow();
  }

  /** Deletes the source with its documents, chunks and code examples, then its index entries. */
  public void deleteSource(String tenant, UUID id) {
    require(tenant, id);
    jobs.findActive(tenant, id).ifPresent(j -> stopJob(tenant, j.id()));
    if (!QuarkusTransaction.requiringNew().call(() -> sources.delete(tenant, id))) {
      throw ProblemException.notFound("No source " + id + ".");
    }
    index.deleteSource(tenant, id);
    storage.report(tenant);
  }

  private void stopJob(String tenant, UUID jobId) {
    jobs.requestCancel(tenant, jobId);
    long deadline = System.currentTimeMillis() + 30_000;
    while (runner.isActive(jobId) && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  Source require(String tenant, UUID id) {
    return sources
        .findSourceById(tenant, id)
        .orElseThrow(() -> ProblemException.notFound("No source " + id + "."));
  }

  private static void compile(String field, List<String> patterns) {
    for (String p : patterns) {
      try {
        Pattern.compile(p);
      } catch (PatternSyntaxException e) {
        throw ProblemException.invalid(
            field, "'" + p + "' is not a valid regular expression: " + e.getDescription() + ".");
      }
    }
  }
}
