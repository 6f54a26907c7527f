package dev.devflow.knowledgehub.search;

import dev.devflow.knowledgehub.config.KnowledgeHubConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * {@code devflow_index_size_bytes}: what every tenant's search index takes on this replica's disk
 * (summed; tenants are never a label), so an operator sees the volume fill before it is full.
 * Walked at most every {@value #TTL_SECONDS} s, whatever the scrape interval.
 *
 * <p>Lucene's only: with Qdrant as the search backend ({@code QDRANT_URL}, see {@link
 * SearchBackend}) the data directory holds no index and the gauge reads 0 (or what an index left
 * from before the switch takes); Qdrant's own metrics tell the size of its collections.
 */
@Startup
@ApplicationScoped
public class IndexSizeMetric {

  static final int TTL_SECONDS = 30;

  private final Path root;
  private final MeterRegistry registry;
  private final Gauge gauge;
  private volatile long bytes;
  private volatile long measuredAt;

  public IndexSizeMetric(KnowledgeHubConfig config, MeterRegistry registry) {
    this.root = Path.of(config.dataDir()).resolve("index");
    this.registry = registry;
    this.gauge =
        Gauge.builder("devflow.index.size", this, IndexSizeMetric::bytes)
            .description("Bytes the search indexes of every tenant take on this replica's disk")
            .baseUnit("bytes")
            .strongReference(true)
            .register(registry);
  }

  double bytes() {
    long now = System.currentTimeMillis();
    if (now - measuredAt > TTL_SECONDS * 1000L) {
      bytes = measure();
      measuredAt = now;
    }
    return bytes;
  }

  private long measure() {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.mapToLong(IndexSizeMetric::size).sum();
    } catch (IOException | UncheckedIOException e) {
      return bytes; // a merge removed a directory while it was walked: keep the last figure
    }
  }

  private static long size(Path p) {
    try {
      return Files.isRegularFile(p) ? Files.size(p) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  @PreDestroy
  void stop() {
    registry.remove(gauge);
  }
}
