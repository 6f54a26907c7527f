package dev.devflow.integrations.knowledge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PackagedService;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.integrations.support.FakeProviders;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The knowledge hub client against the real knowledge hub (its packaged fast-jar, local mode, its
 * own embedded database): synced documents become an upload source, and a later sync's files land
 * in the same source. Skipped, saying so, when knowledge-hub has not been packaged.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(FakeProviders.class)
class RealKnowledgeHubTest {

  private static PackagedService hub;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        Files.exists(PackagedService.jarOf("knowledge-hub")),
        "knowledge-hub is not packaged (./mvnw package -pl knowledge-hub)");
    hub = PackagedService.start("knowledge-hub", Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void syncedDocumentsBecomeOneUploadSourceThatLaterSyncsAddTo() throws Exception {
    String url = hub.url();
    KnowledgeHubClient client = new KnowledgeHubClient(URI.create(url));

    UUID source =
        client.upload(
            null,
            Optional.empty(),
            "GitHub acme/real",
            List.of("github", "github-repo"),
            List.of(
                new Document("acme__real__README.md", "# Real\n\nThe widget factory."),
                new Document("acme__real__issue-1.md", "# acme/real#1: Crash\n\nIt crashes.")));
    UUID same =
        client.upload(
            null,
            Optional.of(source),
            "GitHub acme/real",
            List.of("github"),
            List.of(new Document("acme__real__issue-2.md", "# acme/real#2: Typo\n\nFix it.")));

    assertThat(same).isEqualTo(source);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    String docs = "";
    while (Instant.now().isBefore(deadline)
        && !(docs.contains("issue-1") && docs.contains("issue-2"))) {
      docs =
          given().baseUri(url).queryParam("sourceId", source).get("/api/v1/documents").asString();
      Thread.sleep(200);
    }
    assertThat(docs)
        .as(given().baseUri(url).get("/api/v1/sources/" + source + "/jobs").asString())
        .contains("acme__real__README.md", "acme__real__issue-1.md", "acme__real__issue-2.md");
    assertThat(given().baseUri(url).get("/api/v1/sources/" + source).asString())
        .contains("GitHub acme/real");
  }
}
