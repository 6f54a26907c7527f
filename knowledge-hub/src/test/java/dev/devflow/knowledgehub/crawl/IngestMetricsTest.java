package dev.devflow.knowledgehub.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.common.testing.ScrapedMetrics;
import dev.devflow.knowledgehub.support.Api;
import dev.devflow.knowledgehub.support.TestSite;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the operator's crawl and ingestion alerts read from /q/metrics. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
class IngestMetricsTest {

  private static final String FETCHED = "devflow_ingest_pages_total{outcome=\"fetched\"}";
  private static final String FAILED = "devflow_ingest_pages_total{outcome=\"failed\"}";
  private static final String EMBEDDED = "devflow_ingest_pages_total{outcome=\"embedded\"}";
  private static final String CHUNKS = "devflow_ingest_chunks_total";
  private static final String DONE =
      "devflow_ingest_jobs_finished_total{kind=\"crawl\",status=\"done\"}";

  @Test
  void aCrawlCountsItsPagesFailuresChunksAndItsEnd() {
    ScrapedMetrics before = ScrapedMetrics.scrape();
    assertThat(before.value("devflow_ingest_jobs{state=\"queued\"}")).isPresent();
    assertThat(before.value("devflow_ingest_jobs{state=\"running\"}")).isPresent();
    assertThat(
            before.value("devflow_ingest_jobs_finished_total{kind=\"upload\",status=\"failed\"}"))
        .as("every kind and status is there from the start, so rate() has a baseline")
        .isPresent();

    try (TestSite site = new TestSite()) {
      site.page(
          "/m/index.html",
          TestSite.html(
              "Metrics",
              "<h1>Metrics</h1><p>Gauges and counters.</p>"
                  + "<a href=\"two.html\">two</a> <a href=\"gone.html\">gone</a>"));
      site.page("/m/two.html", TestSite.html("Two", "<h1>Two</h1><p>Histograms and buckets.</p>"));
      String id =
          Api.createSource("alpha", "Metered site", site.base() + "/m/index.html", Map.of());
      Api.awaitIdle("alpha", id);
    }

    // at least: a job left over by another test class may still be counting
    ScrapedMetrics after = ScrapedMetrics.scrape();
    assertThat(after.valueOrZero(FETCHED) - before.valueOrZero(FETCHED))
        .isGreaterThanOrEqualTo(2.0);
    assertThat(after.valueOrZero(FAILED) - before.valueOrZero(FAILED)).isGreaterThanOrEqualTo(1.0);
    assertThat(after.valueOrZero(EMBEDDED) - before.valueOrZero(EMBEDDED))
        .isGreaterThanOrEqualTo(2.0);
    assertThat(after.valueOrZero(CHUNKS)).isGreaterThan(before.valueOrZero(CHUNKS));
    assertThat(after.valueOrZero(DONE) - before.valueOrZero(DONE)).isGreaterThanOrEqualTo(1.0);
    assertThat(after.text()).doesNotContain("tenant_alpha").doesNotContain("alpha\"");
  }
}
