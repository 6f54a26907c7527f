package dev.devflow.knowledgehub.crawl;

import static dev.devflow.knowledgehub.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.devflow.common.auth.Role;
import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.knowledgehub.embed.Embeddings;
import dev.devflow.knowledgehub.job.StartupRecovery;
import dev.devflow.knowledgehub.search.IndexMaintenance;
import dev.devflow.knowledgehub.search.SearchIndex;
import dev.devflow.knowledgehub.support.Api;
import dev.devflow.knowledgehub.support.TestSite;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Cancelling, resuming after a crash, and rebuilding a stale index. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
class JobLifecycleTest {

  @Inject Embeddings embeddings;
  @Inject AgroalDataSource dataSource;
  @Inject StartupRecovery recovery;
  @Inject IndexMaintenance maintenance;
  @Inject SearchIndex index;

  private static TestSite chain(int pages) {
    TestSite site = new TestSite();
    for (int i = 0; i < pages; i++) {
      String next = i + 1 < pages ? "<a href=\"p" + (i + 1) + ".html\">next</a>" : "";
      site.page(
          "/site/p" + i + ".html",
          TestSite.html(
              "Page " + i,
              "<h1>Page " + i + "</h1><p>Chapter " + i + " about topic" + i + ".</p>" + next));
    }
    return site;
  }

  @Test
  void aRunningCrawlCanBeCancelled() {
    try (TestSite site = chain(40).slow(150)) {
      String id =
          Api.createSource(
              "alpha",
              "Slow site",
              site.base() + "/site/p0.html",
              Map.of("maxDepth", 10, "maxPages", 40));
      Api.sleep(600);
      as("alpha")
          .post("/api/v1/sources/" + id + "/cancel")
          .then()
          .statusCode(202)
          .body("cancelRequested", equalTo(true));
      JsonPath source = Api.awaitIdle("alpha", id);
      assertThat(source.getString("latestJob.status")).isEqualTo("cancelled");
      assertThat(source.getString("status")).isEqualTo("cancelled");
      assertThat(source.getInt("latestJob.pagesFetched")).isLessThan(40);
    }
  }

  @Test
  void aJobLeftRunningByACrashResumesWithoutReembeddingDonePages() throws SQLException {
    try (TestSite site = chain(3)) {
      String id =
          Api.createSource(
              "alpha", "Resumable", site.base() + "/site/p0.html", Map.of("maxDepth", 10));
      Api.awaitIdle("alpha", id);
      // the site grew; a refresh crawled p0..p2 (committed) and then the process was killed
      // with p3 and p4 still in its frontier
      site.page(
          "/site/p2.html",
          TestSite.html(
              "Page 2",
              "<h1>Page 2</h1><p>Chapter 2 about topic2.</p><a href=\"p3.html\">next</a>"));
      site.page(
          "/site/p3.html",
          TestSite.html(
              "Page 3",
              "<h1>Page 3</h1><p>Chapter 3 about the ocelot.</p><a href=\"p4.html\">n</a>"));
      site.page(
          "/site/p4.html",
          TestSite.html("Page 4", "<h1>Page 4</h1><p>Chapter 4 about the pangolin.</p>"));
      UUID job = UUID.randomUUID();
      String b = site.base() + "/site/";
      sql(
          "INSERT INTO tenant_alpha.ingest_jobs (id, source_id, kind, status, discovered, started_at) VALUES ('"
              + job
              + "', '"
              + id
              + "', 'refresh', 'running', true, now())",
          "INSERT INTO tenant_alpha.crawl_frontier (job_id, url, depth, state) VALUES ('"
              + job
              + "', '"
              + b
              + "p0.html', 0, 'done'), ('"
              + job
              + "', '"
              + b
              + "p1.html', 1, 'done'), ('"
              + job
              + "', '"
              + b
              + "p2.html', 2, 'done'), ('"
              + job
              + "', '"
              + b
              + "p3.html', 3, 'pending'), ('"
              + job
              + "', '"
              + b
              + "p4.html', 4, 'pending')",
          "UPDATE tenant_alpha.documents SET seen_job_id = '"
              + job
              + "' WHERE source_id = '"
              + id
              + "'",
          "UPDATE tenant_alpha.sources SET status = 'running' WHERE id = '" + id + "'");
      int before = site.hits("/site/p1.html");
      long embeddedBefore = embeddings.embeddedCount();

      recovery.resume("alpha");
      JsonPath source = Api.awaitIdle("alpha", id);

      assertThat(source.getString("latestJob.id")).isEqualTo(job.toString());
      assertThat(source.getString("latestJob.status")).isEqualTo("done");
      assertThat(source.getInt("pageCount")).isEqualTo(5);
      assertThat(site.hits("/site/p1.html")).isEqualTo(before);
      assertThat(site.hits("/site/p3.html")).isEqualTo(1);
      // exactly the two pending pages (one chunk each) went through the model
      assertThat(embeddings.embeddedCount() - embeddedBefore).isEqualTo(2);
      as("alpha")
          .queryParam("query", "pangolin")
          .queryParam("mode", "keyword")
          .queryParam("sourceId", id)
          .get("/api/v1/search")
          .then()
          .statusCode(200)
          .body("results[0].url", equalTo(b + "p4.html"));
    }
  }

  @Test
  void aStaleIndexIsDetectedAndRebuiltFromPostgres() {
    try (TestSite site = chain(3)) {
      String id = Api.createSource("alpha", "Rebuildable", site.base() + "/site/p0.html", Map.of());
      Api.awaitIdle("alpha", id);
      as("alpha").get("/api/v1/admin/index").then().statusCode(200).body("stale", equalTo(false));

      index.deleteSource("alpha", UUID.fromString(id)); // the index lost entries PostgreSQL has
      as("alpha").get("/api/v1/admin/index").then().statusCode(200).body("stale", equalTo(true));
      long embeddedBefore = embeddings.embeddedCount();
      assertThat(maintenance.checkAndRepair("alpha")).isTrue();
      awaitFresh();
      as("alpha")
          .queryParam("query", "topic1")
          .queryParam("mode", "keyword")
          .queryParam("sourceId", id)
          .get("/api/v1/search")
          .then()
          .statusCode(200)
          .body("results[0].url", equalTo(site.base() + "/site/p1.html"));
      assertThat(embeddings.embeddedCount() - embeddedBefore)
          .as("rebuilt from stored embeddings")
          .isZero();

      as("alpha", Role.ADMIN).post("/api/v1/admin/index/rebuild").then().statusCode(202);
      awaitFresh();
      as("alpha")
          .queryParam("query", "topic2")
          .queryParam("sourceId", id)
          .get("/api/v1/search")
          .then()
          .statusCode(200)
          .body("results[0].url", equalTo(site.base() + "/site/p2.html"));
    }
  }

  @Test
  void chunksFromAnotherModelAreReembeddedAndTheIndexRebuilt() throws SQLException {
    try (TestSite site = chain(2)) {
      String id =
          Api.createSource("alpha", "Model change", site.base() + "/site/p0.html", Map.of());
      Api.awaitIdle("alpha", id);
      sql(
          "UPDATE tenant_alpha.chunks SET model = 'retired-model', dimension = 3, embedding = '{1,0,0}' WHERE source_id = '"
              + id
              + "'");
      as("alpha").get("/api/v1/admin/index").then().statusCode(200).body("stale", equalTo(true));
      long embeddedBefore = embeddings.embeddedCount();

      assertThat(maintenance.checkAndRepair("alpha")).isTrue();
      awaitFresh();

      assertThat(embeddings.embeddedCount() - embeddedBefore).isEqualTo(2);
      as("alpha")
          .queryParam("query", "chapter about topic1")
          .queryParam("mode", "hybrid")
          .queryParam("sourceId", id)
          .get("/api/v1/search")
          .then()
          .statusCode(200)
          .body("results[0].url", equalTo(site.base() + "/site/p1.html"));
    }
  }

  private static void awaitFresh() {
    for (int i = 0; i < 300; i++) {
      JsonPath s =
          as("alpha").get("/api/v1/admin/index").then().statusCode(200).extract().jsonPath();
      if (!s.getBoolean("rebuilding") && !s.getBoolean("stale")) {
        return;
      }
      Api.sleep(100);
    }
    throw new AssertionError("index not rebuilt in time");
  }

  private void sql(String... statements) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }
}
