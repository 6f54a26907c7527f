package dev.devflow.knowledgehub.crawl;

import static dev.devflow.knowledgehub.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.knowledgehub.embed.Embeddings;
import dev.devflow.knowledgehub.support.Api;
import dev.devflow.knowledgehub.support.Sites;
import dev.devflow.knowledgehub.support.TestSite;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Crawls a generated site on loopback end to end through the API, then searches it. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
class CrawlTest {

  @Inject Embeddings embeddings;
  @Inject AgroalDataSource dataSource;

  @Test
  void crawlDiscoversObeysRobotsAndSearchFindsTheRightPage() throws Exception {
    try (TestSite site = Sites.docs()) {
      String id =
          Api.createSource(
              "alpha",
              "Acme docs",
              site.base() + "/docs/index.html",
              Map.of("tags", List.of("acme")));
      JsonPath source = Api.awaitIdle("alpha", id);

      assertThat(source.getString("latestJob.status")).isEqualTo("done");
      // index, config, install (sitemap), upgrade (llms.txt), tutorial (after a redirect)
      assertThat(source.getInt("pageCount")).isEqualTo(5);
      assertThat(source.getInt("chunkCount")).isGreaterThanOrEqualTo(5);
      assertThat(site.hits("/docs/private/secret.html")).isZero();
      assertThat(site.hits("/docs/config.html")).isEqualTo(1);
      assertThat(source.getList("errors.url")).anyMatch(u -> u.toString().endsWith("diagram.png"));

      JsonPath hits =
          as("alpha")
              .queryParam("query", "how often is a failed delivery retried with backoff")
              .get("/api/v1/search")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      assertThat(hits.getString("results[0].url")).isEqualTo(site.base() + "/docs/config.html");
      assertThat(hits.getString("results[0].title")).isEqualTo("Configuration reference");
      assertThat(hits.getString("results[0].headingPath")).contains("Retry policy");
      assertThat(hits.getString("results[0].sourceName")).isEqualTo("Acme docs");
      assertThat(hits.getString("results[0].snippet")).contains("<b>");

      for (String mode : List.of("keyword", "semantic")) {
        JsonPath m =
            as("alpha")
                .queryParam("query", "bootstrap wizard gizmo database")
                .queryParam("mode", mode)
                .get("/api/v1/search")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(m.getString("results[0].url")).as(mode).endsWith("/docs/install.html");
      }
      JsonPath viaLlms =
          as("alpha")
              .contentType("application/json")
              .body(Map.of("query", "flux capacitor schema", "tags", List.of("acme"), "limit", 3))
              .post("/api/v1/search")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      assertThat(viaLlms.getString("results[0].url")).endsWith("/docs/upgrade.html");
      assertThat(viaLlms.getList("results")).hasSizeLessThanOrEqualTo(3);

      for (String chrome :
          List.of("NAVWORD", "FOOTERWORD", "HEADERWORD", "SIDEBARWORD", "TOPSECRET")) {
        as("alpha")
            .queryParam("query", chrome)
            .queryParam("mode", "keyword")
            .get("/api/v1/search")
            .then()
            .statusCode(200)
            .body("results", org.hamcrest.Matchers.empty());
      }

      JsonPath code =
          as("alpha")
              .queryParam("query", "retries max-attempts")
              .queryParam("language", "yaml")
              .get("/api/v1/code-examples")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      assertThat(code.getString("[0].code"))
          .contains("max-attempts: 7")
          .contains("backoff: exponential");
      assertThat(code.getString("[0].context")).contains("maximum attempts");
      as("alpha")
          .queryParam("query", "retries")
          .queryParam("language", "bash")
          .get("/api/v1/code-examples")
          .then()
          .statusCode(200)
          .body(
              "url",
              org.hamcrest.Matchers.not(
                  org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.endsWith("config.html"))));

      assertThat(eventTypes("alpha", id)).contains("crawl.started", "crawl.progress", "crawl.done");
    }
  }

  @Test
  void refreshReembedsOnlyChangedPagesAndDropsVanishedOnes() throws Exception {
    try (TestSite site = Sites.docs()) {
      String id =
          Api.createSource("alpha", "Acme refresh", site.base() + "/docs/index.html", Map.of());
      Api.awaitIdle("alpha", id);
      long before = embeddings.embeddedCount();

      site.page(
          "/docs/config.html",
          TestSite.html(
              "Configuration reference",
              """
          <h1>Configuration reference</h1><p>Acme now reads quantum entanglement settings from acme.toml.</p>
          """));
      site.remove("/docs/install.html");
      as("alpha")
          .post("/api/v1/sources/" + id + "/refresh")
          .then()
          .statusCode(202)
          .body("kind", org.hamcrest.Matchers.equalTo("refresh"));
      JsonPath source = Api.awaitIdle("alpha", id);

      assertThat(source.getString("latestJob.status")).isEqualTo("done");
      assertThat(source.getInt("latestJob.pagesUnchanged")).as(source.prettify()).isEqualTo(3);
      assertThat(source.getInt("latestJob.pagesEmbedded")).isEqualTo(1);
      assertThat(source.getInt("pageCount")).isEqualTo(4);
      // only the changed page's one chunk went through the model
      assertThat(embeddings.embeddedCount() - before).isEqualTo(1);
      as("alpha")
          .queryParam("query", "quantum entanglement")
          .queryParam("sourceId", id)
          .queryParam("mode", "keyword")
          .get("/api/v1/search")
          .then()
          .statusCode(200)
          .body("results[0].url", org.hamcrest.Matchers.endsWith("config.html"));
      as("alpha")
          .queryParam("query", "bootstrap wizard gizmo")
          .queryParam("sourceId", id)
          .queryParam("mode", "keyword")
          .get("/api/v1/search")
          .then()
          .statusCode(200)
          .body("results", org.hamcrest.Matchers.empty());
      as("alpha")
          .queryParam("query", "dead letter queue")
          .queryParam("sourceId", id)
          .queryParam("mode", "keyword")
          .get("/api/v1/search")
          .then()
          .statusCode(200)
          .body("results", org.hamcrest.Matchers.empty());
    }
  }

  private List<String> eventTypes(String tenant, String subject) throws Exception {
    try (Connection c = dataSource.getConnection();
        var ps =
            c.prepareStatement(
                "SELECT type FROM tenant_" + tenant + ".events WHERE subject = ? ORDER BY id")) {
      ps.setString(1, subject);
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }
  }
}
