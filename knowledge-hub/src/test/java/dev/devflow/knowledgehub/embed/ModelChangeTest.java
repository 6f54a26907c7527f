package dev.devflow.knowledgehub.embed;

import static dev.devflow.knowledgehub.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.knowledgehub.search.IndexMaintenance;
import dev.devflow.knowledgehub.support.Api;
import dev.devflow.knowledgehub.support.TestSite;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The embedding model is changed while a tenant's index holds the old model's vectors (as after a
 * restart with another model configured): search stays available without mixing the two models,
 * crawls go on, and the rebuild re-embeds the stored chunks and brings semantic search back.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
class ModelChangeTest {

  private static final String TENANT = "switched";

  @Inject Embeddings embeddings;
  @Inject IndexMaintenance maintenance;
  @Inject AgroalDataSource dataSource;

  @Test
  void searchAndCrawlsGoOnUntilTheRebuildMovesTheIndexToTheNewModel() {
    try (TestSite site = site()) {
      String before = Api.createSource(TENANT, "Before", site.base() + "/old/tides.html", Map.of());
      assertThat(Api.awaitIdle(TENANT, before).getString("latestJob.status")).isEqualTo("done");
      long chunksBefore = chunks();

      Embedder original = embeddings.use(new HashedWords());
      try {
        // hybrid: the keyword half only, and the answer says so
        as(TENANT)
            .queryParam("query", "harbour tides")
            .get("/api/v1/search")
            .then()
            .statusCode(200)
            .body("mode", equalTo("keyword"))
            .body("notice", containsString(LocalModel.MINILM.name))
            .body("results.url", hasItem(site.base() + "/old/tides.html"));
        // semantic: nothing it could answer honestly yet
        as(TENANT)
            .queryParam("query", "harbour tides")
            .queryParam("mode", "semantic")
            .get("/api/v1/search")
            .then()
            .statusCode(503)
            .contentType("application/problem+json")
            .header("Retry-After", "30")
            .body("detail", containsString("keyword search works now"));

        // a crawl meanwhile stores new-model vectors and is searchable by keyword at once
        String after =
            Api.createSource(TENANT, "After", site.base() + "/new/lighthouse.html", Map.of());
        assertThat(Api.awaitIdle(TENANT, after).getString("latestJob.status")).isEqualTo("done");
        as(TENANT)
            .queryParam("query", "lighthouse keeper")
            .get("/api/v1/search")
            .then()
            .statusCode(200)
            .body("results[0].url", equalTo(site.base() + "/new/lighthouse.html"));
        JsonPath stale = status();
        assertThat(stale.getBoolean("stale")).isTrue();
        assertThat(stale.getLong("chunksToReembed")).isEqualTo(chunksBefore);

        long embeddedBefore = embeddings.embeddedCount();
        assertThat(maintenance.checkAndRepair(TENANT)).isTrue();
        awaitFresh();
        assertThat(embeddings.embeddedCount() - embeddedBefore).isEqualTo(chunksBefore);
        JsonPath fresh = status();
        assertThat(fresh.getString("indexModel")).isEqualTo(HashedWords.NAME);
        assertThat(fresh.getInt("indexDimension")).isEqualTo(HashedWords.DIMENSION);
        assertThat(fresh.getLong("chunksToReembed")).isZero();
        // the dashboard can follow it: progress, then the end with the count
        assertThat(
                sql(
                    "SELECT type || ':' || coalesce(payload->>'chunks', payload->>'chunksDone')"
                        + " FROM tenant_switched.events WHERE subject = 'index' ORDER BY id"))
            .last()
            .isEqualTo("index.reembed.done:" + chunksBefore);

        as(TENANT)
            .queryParam("query", "harbour tides")
            .queryParam("mode", "semantic")
            .get("/api/v1/search")
            .then()
            .statusCode(200)
            .body("results[0].url", equalTo(site.base() + "/old/tides.html"));
        as(TENANT)
            .queryParam("query", "lighthouse keeper")
            .get("/api/v1/search")
            .then()
            .statusCode(200)
            .body("mode", equalTo("hybrid"))
            .body("notice", nullValue())
            .body("results[0].url", equalTo(site.base() + "/new/lighthouse.html"));
      } finally {
        embeddings.use(original);
        maintenance.checkAndRepair(TENANT);
        awaitFresh();
      }
    }
  }

  private List<String> sql(String query) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  private static TestSite site() {
    TestSite site = new TestSite();
    site.page(
        "/old/tides.html",
        TestSite.html(
            "Tides",
            "<h1>Harbour tides</h1><p>High tide at the harbour comes twice a day; the tide table"
                + " lists each harbour.</p>"));
    site.page(
        "/new/lighthouse.html",
        TestSite.html(
            "Lighthouse",
            "<h1>Lighthouse keeper</h1><p>The lighthouse keeper lights the lamp at dusk.</p>"));
    return site;
  }

  private static long chunks() {
    return status().getLong("chunksInDatabase");
  }

  private static JsonPath status() {
    return as(TENANT).get("/api/v1/admin/index").then().statusCode(200).extract().jsonPath();
  }

  private static void awaitFresh() {
    for (int i = 0; i < 300; i++) {
      JsonPath s = status();
      if (!s.getBoolean("rebuilding") && !s.getBoolean("stale")) {
        return;
      }
      Api.sleep(100);
    }
    throw new AssertionError("index not rebuilt in time");
  }

  /** A small model of its own: each word hashed to one of 64 dimensions, unit length. */
  static final class HashedWords implements Embedder {
    static final String NAME = "hashed-words-test";
    static final int DIMENSION = 64;

    @Override
    public String model() {
      return NAME;
    }

    @Override
    public int dimension() {
      return DIMENSION;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
      List<float[]> out = new ArrayList<>();
      for (String text : texts) {
        float[] v = new float[DIMENSION];
        for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
          if (word.length() > 3) {
            v[Math.floorMod(word.hashCode(), DIMENSION)] += 1;
          }
        }
        double norm = 0;
        for (float x : v) {
          norm += x * x;
        }
        for (int i = 0; i < v.length; i++) {
          v[i] = norm == 0 ? (i == 0 ? 1 : 0) : (float) (v[i] / Math.sqrt(norm));
        }
        out.add(v);
      }
      return out;
    }
  }
}
