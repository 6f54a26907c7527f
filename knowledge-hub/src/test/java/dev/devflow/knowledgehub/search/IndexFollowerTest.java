package dev.devflow.knowledgehub.search;

import static dev.devflow.knowledgehub.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.knowledgehub.support.Api;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Several replicas, one PostgreSQL: what another replica writes (here, a connection that is not
 * this service's, as another replica's is) reaches this replica's index without a restart, and what
 * it deletes leaves it.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
class IndexFollowerTest {

  private static final String TENANT = "followers";
  private static final String GUIDE =
      "# Backups\n\nThe nightly backup runs pg_dump and keeps thirty days of archives.\n";

  @Inject
  @DataSource("owner")
  AgroalDataSource otherReplica;

  @Test
  void anotherReplicasDocumentsBecomeSearchableHereAndLeaveWhenDeleted() throws Exception {
    String sourceId = upload();
    assertThat(keywordHits("zanzibar")).isEmpty();

    long copy;
    try (Connection c = otherReplica.getConnection();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      try (ResultSet rs =
          s.executeQuery(
              "INSERT INTO tenant_followers.documents (source_id, url, title, content_hash, text)"
                  + " SELECT source_id, url || '#replica', title, content_hash, text"
                  + " FROM tenant_followers.documents WHERE source_id = '"
                  + sourceId
                  + "' RETURNING id")) {
        rs.next();
        copy = rs.getLong(1);
      }
      s.executeUpdate(
          "INSERT INTO tenant_followers.chunks (document_id, source_id, ordinal, text,"
              + " heading_path, url, title, embedding, model, dimension) SELECT "
              + copy
              + ", source_id, ordinal, text || ' Offsite copies go to zanzibar.', heading_path,"
              + " url || '#replica', title, embedding, model, dimension"
              + " FROM tenant_followers.chunks WHERE source_id = '"
              + sourceId
              + "'");
      c.commit();
    }

    assertThat(awaitHits("zanzibar", hits -> !hits.isEmpty()))
        .isNotEmpty()
        .allMatch(u -> u.endsWith("#replica"));

    try (Connection c = otherReplica.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM tenant_followers.documents WHERE id = " + copy);
    }
    assertThat(awaitHits("zanzibar", List::isEmpty)).isEmpty();
    assertThat(keywordHits("thirty days")).isNotEmpty();
  }

  private static String upload() {
    String sourceId =
        as(TENANT)
            .multiPart("name", "Runbooks")
            .multiPart(
                "files", "backups.md", GUIDE.getBytes(StandardCharsets.UTF_8), "text/markdown")
            .post("/api/v1/sources/uploads")
            .then()
            .statusCode(201)
            .extract()
            .path("sourceId");
    Api.awaitIdle(TENANT, sourceId);
    return sourceId;
  }

  private static List<String> awaitHits(String query, Predicate<List<String>> done) {
    long deadline = System.currentTimeMillis() + 30_000;
    List<String> hits = keywordHits(query);
    while (!done.test(hits) && System.currentTimeMillis() < deadline) {
      Api.sleep(200);
      hits = keywordHits(query);
    }
    return hits;
  }

  private static List<String> keywordHits(String query) {
    return as(TENANT)
        .queryParam("query", query)
        .queryParam("mode", "keyword")
        .get("/api/v1/search")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("results.url", String.class);
  }
}
