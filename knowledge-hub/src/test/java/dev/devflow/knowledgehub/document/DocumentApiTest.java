package dev.devflow.knowledgehub.document;

import static dev.devflow.knowledgehub.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.knowledgehub.support.Api;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reading the stored pages behind search hits: listing, windows of text, errors, tenancy. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
class DocumentApiTest {

  private static final String GUIDE =
      "# Deploy guide\n\nBlue-green deploys switch the router only after the smoke test passes.\n";

  @Test
  void readsADocumentWholeAndInWindows() {
    String sourceId = upload("alpha");
    long id =
        as("alpha")
            .queryParam("sourceId", sourceId)
            .get("/api/v1/documents")
            .then()
            .statusCode(200)
            .body("", hasSize(1))
            .body("[0].url", equalTo("upload:deploy.md"))
            .body("[0].text", equalTo(""))
            .extract()
            .jsonPath()
            .getLong("[0].id");
    String whole =
        as("alpha")
            .get("/api/v1/documents/" + id)
            .then()
            .statusCode(200)
            .body("sourceId", equalTo(sourceId))
            .body("offset", equalTo(0))
            .extract()
            .path("text");
    org.assertj.core.api.Assertions.assertThat(whole).contains("Blue-green deploys");
    int length = as("alpha").get("/api/v1/documents/" + id).then().extract().path("length");
    as("alpha")
        .queryParam("offset", 2)
        .queryParam("maxChars", 6)
        .get("/api/v1/documents/" + id)
        .then()
        .statusCode(200)
        .body("text", equalTo(whole.substring(2, 8)))
        .body("length", equalTo(length));
  }

  @Test
  void badParametersAndUnknownDocumentsAreProblems() {
    as("alpha")
        .queryParam("maxChars", 0)
        .get("/api/v1/documents/1")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("field", equalTo("maxChars"));
    as("alpha")
        .get("/api/v1/documents/987654")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    as("alpha")
        .queryParam("sourceId", "not-a-uuid")
        .get("/api/v1/documents")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void anotherTenantCannotReadTheDocument() {
    String sourceId = upload("beta");
    long id =
        as("beta")
            .queryParam("sourceId", sourceId)
            .get("/api/v1/documents")
            .then()
            .extract()
            .jsonPath()
            .getLong("[0].id");
    // Ids are per tenant schema: alpha may have its own document with this number, never beta's.
    String seenByAlpha = as("alpha").get("/api/v1/documents/" + id).then().extract().asString();
    org.assertj.core.api.Assertions.assertThat(seenByAlpha).doesNotContain(sourceId);
    as("alpha")
        .queryParam("sourceId", sourceId)
        .get("/api/v1/documents")
        .then()
        .statusCode(200)
        .body("", hasSize(0));
  }

  private static String upload(String tenant) {
    String sourceId =
        as(tenant)
            .multiPart("name", "Guides " + tenant)
            .multiPart(
                "files", "deploy.md", GUIDE.getBytes(StandardCharsets.UTF_8), "text/markdown")
            .post("/api/v1/sources/uploads")
            .then()
            .statusCode(201)
            .extract()
            .path("sourceId");
    Api.awaitIdle(tenant, sourceId);
    return sourceId;
  }
}
