package dev.devflow.integrations.knowledge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.common.testing.TestPostgres;
import dev.devflow.integrations.support.FakeProviders;
import dev.devflow.integrations.sync.Document;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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

  private static final Path JAR =
      Path.of("../knowledge-hub/target/quarkus-app/quarkus-run.jar").toAbsolutePath().normalize();

  private static Process hub;
  private static String url;
  private static Path data;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        Files.exists(JAR), "knowledge-hub is not packaged (./mvnw package -pl knowledge-hub)");
    TestPostgres.Database db = TestPostgres.createDatabase();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    data = Files.createTempDirectory("kh-real");
    ProcessBuilder pb = new ProcessBuilder("java", "-Xmx512m", "-jar", JAR.toString());
    pb.environment().put("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl());
    pb.environment().put("QUARKUS_DATASOURCE_USERNAME", db.username() == null ? "" : db.username());
    pb.environment().put("QUARKUS_DATASOURCE_PASSWORD", db.password() == null ? "" : db.password());
    pb.environment().put("DEVFLOW_MODE", "local");
    pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
    pb.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
    pb.environment().put("DEVFLOW_KNOWLEDGE_HUB_DATA_DIR", data.toString());
    pb.environment().put("OTEL_SDK_DISABLED", "true");
    pb.redirectErrorStream(true).redirectOutput(data.resolve("hub.log").toFile());
    hub = pb.start();
    url = "http://127.0.0.1:" + port;
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (Instant.now().isBefore(deadline)) {
      try {
        if (given().baseUri(url).get("/health/ready").statusCode() == 200) {
          return;
        }
      } catch (Exception notYet) { // connection refused while it starts
        // still starting
      }
      assertThat(hub.isAlive()).as("knowledge-hub exited, see " + data.resolve("hub.log")).isTrue();
      Thread.sleep(250);
    }
    throw new AssertionError("knowledge-hub did not become ready; see " + data.resolve("hub.log"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (hub != null) {
      hub.destroy();
      if (!hub.waitFor(20, TimeUnit.SECONDS)) {
        hub.destroyForcibly();
      }
    }
    if (data != null) {
      try (var files = Files.walk(data)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void syncedDocumentsBecomeOneUploadSourceThatLaterSyncsAddTo() throws Exception {
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
        .contains("acme__real__README.md", "acme__real__issue-1.md", "acme__real__issue-2.md");
    assertThat(given().baseUri(url).get("/api/v1/sources/" + source).asString())
        .contains("GitHub acme/real");
  }
}
