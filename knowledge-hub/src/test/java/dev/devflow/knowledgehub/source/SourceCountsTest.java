package dev.devflow.knowledgehub.source;

import static dev.devflow.knowledgehub.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.tenant.TenantSlug;
import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.knowledgehub.support.Api;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A source's page, chunk and code example counts, and the bytes its plan's storage limit counts,
 * are kept as its rows are written, replaced, re-seen and deleted, and always equal what is stored.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
class SourceCountsTest {

  private static final String TENANT = "beta";

  @Inject TenantSql sql;

  @Test
  void countsFollowUploadsReplacementsAndDeletion() {
    String id =
        as(TENANT)
            .multiPart("name", "Counted")
            .multiPart("files", "a.md", markdown("Alpha", 3).getBytes(), "text/markdown")
            .multiPart("files", "b.md", markdown("Beta", 1).getBytes(), "text/markdown")
            .post("/api/v1/sources/uploads")
            .then()
            .statusCode(201)
            .extract()
            .path("sourceId");
    Api.awaitIdle(TENANT, id);
    assertCountsMatchTheRows(id, 2);

    // a replacement with fewer chunks and no code
    as(TENANT)
        .multiPart("files", "a.md", "# Alpha\n\nShort now.\n".getBytes(), "text/markdown")
        .post("/api/v1/sources/" + id + "/files")
        .then()
        .statusCode(201);
    Api.awaitIdle(TENANT, id);
    assertCountsMatchTheRows(id, 2);

    as(TENANT).delete("/api/v1/sources/" + id).then().statusCode(204);
    assertThat(
            sql.count(
                TenantSlug.of(TENANT),
                "SELECT count(*) FROM {schema}.chunks WHERE source_id = ?",
                UUID.fromString(id)))
        .isZero();
  }

  private void assertCountsMatchTheRows(String id, int pages) {
    UUID source = UUID.fromString(id);
    JsonPath listed = as(TENANT).get("/api/v1/sources").then().statusCode(200).extract().jsonPath();
    String at = "find { it.id == '" + id + "' }.";
    long chunks =
        sql.count(
            TenantSlug.of(TENANT),
            "SELECT count(*) FROM {schema}.chunks WHERE source_id = ?",
            source);
    long code =
        sql.count(
            TenantSlug.of(TENANT),
            "SELECT count(*) FROM {schema}.code_examples WHERE source_id = ?",
            source);
    assertThat(chunks).isPositive();
    assertThat(listed.getInt(at + "pageCount")).isEqualTo(pages);
    assertThat(listed.getLong(at + "chunkCount")).isEqualTo(chunks);
    assertThat(listed.getLong(at + "codeExampleCount")).isEqualTo(code);
    long bytes =
        sql.count(
            TenantSlug.of(TENANT),
            "SELECT (SELECT coalesce(sum(octet_length(url) + octet_length(title)"
                + " + octet_length(text)), 0) FROM {schema}.documents WHERE source_id = ?)"
                + " + (SELECT coalesce(sum(octet_length(text) + octet_length(heading_path)"
                + " + octet_length(url) + octet_length(title) + 4 * cardinality(embedding)), 0)"
                + " FROM {schema}.chunks WHERE source_id = ?)"
                + " + (SELECT coalesce(sum(octet_length(code) + octet_length(context)"
                + " + octet_length(url) + octet_length(title)), 0)"
                + " FROM {schema}.code_examples WHERE source_id = ?)",
            source,
            source,
            source);
    assertThat(bytes).isPositive();
    assertThat(
            sql.count(
                TenantSlug.of(TENANT),
                "SELECT stored_bytes FROM {schema}.sources WHERE id = ?",
                source))
        .as("the bytes kept for the source")
        .isEqualTo(bytes);
    assertThat(
            as(TENANT)
                .get("/api/v1/sources/" + id)
                .then()
                .extract()
                .jsonPath()
                .getLong("chunkCount"))
        .isEqualTo(chunks);
  }

  private static String markdown(String title, int sections) {
    StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
    for (int i = 1; i <= sections; i++) {
      md.append("## Part ")
          .append(i)
          .append("\n\n")
          .append(("Section " + i + " of " + title + " explains a step in detail. ").repeat(40))
          .append("\n\n```bash\necho step ")
          .append(i)
          .append("\n```\n\n");
    }
    return md.toString();
  }
}
