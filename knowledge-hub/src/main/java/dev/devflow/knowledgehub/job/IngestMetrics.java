package dev.devflow.knowledgehub.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ingestion as operators watch it, summed over tenants (tenants are never a label): jobs waiting
 * and running in this process ({@code devflow_ingest_jobs{state}}), jobs finished by kind and
 * status ({@code devflow_ingest_jobs_finished_total}), pages by outcome ({@code
 * devflow_ingest_pages_total}) and chunks stored ({@code devflow_ingest_chunks_total}). Pages and
 * chunks are counted when a job writes its progress (at most once per progress interval), so they
 * trail the crawl by seconds. The lag between a crawl or upload being asked for and its job
 * starting is {@code devflow_ingest_queue_wait_seconds}.
 */
// At start, so every series is in /q/metrics before the first job or agent (rate() needs a zero).
@Startup
@ApplicationScoped
public class IngestMetrics {

  static final Set<String> KINDS = Set.of("crawl", "refresh", "upload");
  static final Set<String> STATUSES = Set.of(Job.DONE, Job.FAILED, Job.CANCELLED);

  private final MeterRegistry registry;
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger running = new AtomicInteger();
  private final List<Gauge> gauges;
  private final Counter fetched;
  private final Counter embedded;
  private final Counter unchanged;
  private final Counter failed;
  private final Counter chunks;
  private final Map<String, Counter> finished = new ConcurrentHashMap<>();
  private final Timer queueWait;

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    gauges = List.of(jobs(Job.QUEUED, queued), jobs(Job.RUNNING, running));
    fetched = pages("fetched");
    embedded = pages("embedded");
    unchanged = pages("unchanged");
    failed = pages("failed");
    chunks =
        Counter.builder("devflow.ingest.chunks")
            .description("Chunks embedded and stored by ingestion jobs")
            .register(registry);
    queueWait =
        Timer.builder("devflow.ingest.queue.wait")
            .description("How long an ingestion job waited for a slot before it started")
            .serviceLevelObjectives(
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                Duration.ofMinutes(1),
                Duration.ofMinutes(5),
                Duration.ofMinutes(30))
            .register(registry);
    for (String kind : KINDS) {
      for (String status : STATUSES) {
        finished(kind, status);
      }
    }
  }

  private Gauge jobs(String state, AtomicInteger count) {
    return Gauge.builder("devflow.ingest.jobs", count::get)
        .description("Ingestion jobs in this process, waiting for a slot or running")
        .tag("state", state)
        .register(registry);
  }

  // The registry can outlive the application (tests restart Quarkus in one JVM): gauges left
  // behind would read this stopped instance, and the next one's registration would return them.
  @PreDestroy
  void stop() {
    gauges.forEach(registry::remove);
  }

  private Counter pages(String outcome) {
    return Counter.builder("devflow.ingest.pages")
        .description("Pages handled by ingestion jobs, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  private Counter finished(String kind, String status) {
    String k = KINDS.contains(kind) ? kind : "other";
    String s = STATUSES.contains(status) ? status : "other";
    return finished.computeIfAbsent(
        k + '|' + s,
        key ->
            Counter.builder("devflow.ingest.jobs.finished")
                .description("Ingestion jobs finished, by kind and status")
                .tags("kind", k, "status", s)
                .register(registry));
  }

  void jobQueued() {
    queued.incrementAndGet();
  }

  void jobStarted(long waitedNanos) {
    queueWait.record(waitedNanos, TimeUnit.NANOSECONDS);
    queued.decrementAndGet();
    running.incrementAndGet();
  }

  /** The job left this process' queue: {@code started} says whether it had been running. */
  void jobLeft(boolean started) {
    (started ? running : queued).decrementAndGet();
  }

  void jobFinished(String kind, String status) {
    finished(kind, status).increment();
  }

  void progress(Progress delta) {
    fetched.increment(delta.fetched());
    embedded.increment(delta.embedded());
    unchanged.increment(delta.unchanged());
    failed.increment(delta.failed());
    chunks.increment(delta.chunks());
  }
}
