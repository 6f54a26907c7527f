package dev.devflow.knowledgehub.source.api;

import static dev.devflow.knowledgehub.support.Api.as;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.knowledgehub.support.Api;
import dev.devflow.knowledgehub.support.TestSite;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tenant alpha cannot list, read, search, refresh or delete tenant beta's sources. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
class TenantIsolationTest {

  @Test
  void tenantsNeverSeeEachOthersSources() {
    try (TestSite site = new TestSite()) {
      site.page(
          "/kb/index.html",
          TestSite.html(
              "Beta handbook",
              "<h1>Beta handbook</h1><p>The zanzibar protocol rotates keys nightly.</p>"));
      String betaSource =
          Api.createSource("beta", "Beta handbook", site.base() + "/kb/index.html", Map.of());
      Api.awaitIdle("beta", betaSource);
      as("beta")
          .queryParam("query", "zanzibar protocol")
          .get("/api/v1/search")
          .then()
          .statusCode(200)
          .body("results[0].sourceId", equalTo(betaSource));

      as("alpha")
          .get("/api/v1/sources")
          .then()
          .statusCode(200)
          .body("id", not(hasItem(betaSource)));
      as("alpha").get("/api/v1/sources/" + betaSource).then().statusCode(404);
      as("alpha").get("/api/v1/sources/" + betaSource + "/jobs").then().statusCode(404);
      as("alpha").post("/api/v1/sources/" + betaSource + "/refresh").then().statusCode(404);
      as("alpha").delete("/api/v1/sources/" + betaSource).then().statusCode(404);
      for (String mode : new String[] {"hybrid", "keyword", "semantic"}) {
        as("alpha")
            .queryParam("query", "zanzibar protocol")
            .queryParam("mode", mode)
            .get("/api/v1/search")
            .then()
            .statusCode(200)
            .body("results.sourceId", not(hasItem(betaSource)));
      }
      as("alpha")
          .queryParam("query", "zanzibar")
          .queryParam("mode", "keyword")
          .get("/api/v1/search")
          .then()
          .statusCode(200)
          .body("results", empty());
      as("alpha")
          .queryParam("query", "zanzibar")
          .queryParam("sourceId", betaSource)
          .get("/api/v1/search")
          .then()
          .statusCode(404);
      // a second crawl of the same URL in another tenant is no duplicate
      String alphaSource =
          Api.createSource("alpha", "Alpha copy", site.base() + "/kb/index.html", Map.of());
      Api.awaitIdle("alpha", alphaSource);
      as("alpha").delete("/api/v1/sources/" + alphaSource).then().statusCode(204);

      as("beta")
          .get("/api/v1/sources/" + betaSource)
          .then()
          .statusCode(200)
          .body("pageCount", equalTo(1));
      as("beta")
          .queryParam("query", "zanzibar")
          .queryParam("mode", "keyword")
          .get("/api/v1/search")
          .then()
          .statusCode(200)
          .body("results[0].sourceId", equalTo(betaSource));
    }
  }
}
