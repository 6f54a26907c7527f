package dev.devflow.knowledgehub.crawl;

import static dev.devflow.knowledgehub.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.knowledgehub.embed.Embeddings;
import dev.devflow.knowledgehub.embed.HeldModel;
import dev.devflow.knowledgehub.support.Api;
import dev.devflow.knowledgehub.support.TestSite;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Fetching and parsing run ahead of the model instead of waiting for each of its batches. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
class CrawlAheadTest {

  private static final int PAGES = 40;

  @Inject Embeddings embeddings;

  @Test
  void everyPageIsFetchedWhileTheModelIsStillOnItsFirstBatch() {
    TestSite site = new TestSite();
    StringBuilder links = new StringBuilder();
    for (int i = 0; i < PAGES; i++) {
      links.append("<a href=\"p").append(i).append(".html\">page ").append(i).append("</a> ");
      site.page(
          "/ahead/p" + i + ".html",
          TestSite.html(
              "Animal " + i,
              "<h1>Animal " + i + "</h1><p>This page is about the animal number" + i + ".</p>"));
    }
    site.page("/ahead/index.html", TestSite.html("Animals", "<h1>Animals</h1>" + links));
    site.slow(30); // answers come in apart, as from a real site
    try (site;
        HeldModel model = HeldModel.hold(embeddings)) {
      String id = Api.createSource("alpha", "Animals", site.base() + "/ahead/index.html", Map.of());

      await(() -> allFetched(site), "every page fetched while the model holds its first batch");
      await(() -> fetched(id) == PAGES + 1, "the job's progress counting every page fetched");
      assertThat(model.batches()).isLessThanOrEqualTo(2); // the one it is on and the next
      assertThat(job(id).getInt("chunksEmbedded")).isZero();

      model.release();
      JsonPath source = Api.awaitIdle("alpha", id);
      assertThat(source.getString("latestJob.status")).isEqualTo("done");
      assertThat(source.getInt("pageCount")).isEqualTo(PAGES + 1);
      assertThat(IntStream.range(0, PAGES).map(i -> site.hits("/ahead/p" + i + ".html")))
          .containsOnly(1);
      as("alpha")
          .queryParam("query", "animal number17")
          .queryParam("mode", "keyword")
          .queryParam("sourceId", id)
          .get("/api/v1/search")
          .then()
          .statusCode(200)
          .body("results[0].url", equalTo(site.base() + "/ahead/p17.html"));
    }
  }

  private static boolean allFetched(TestSite site) {
    return IntStream.range(0, PAGES).allMatch(i -> site.hits("/ahead/p" + i + ".html") == 1);
  }

  private static int fetched(String id) {
    return job(id).getInt("pagesFetched");
  }

  private static JsonPath job(String id) {
    return as("alpha")
        .get("/api/v1/sources/" + id)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .setRootPath("latestJob");
  }

  private static void await(BooleanSupplier condition, String what) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("Timed out waiting for " + what);
      }
      Api.sleep(50);
    }
  }
}
