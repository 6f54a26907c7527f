package dev.devflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup drill the deployment issue asks for, with the real commands: seed DevFlow (a crawled
 * site, an upload, a workflow with a run and tasks), {@code devflow backup} while it runs, wipe the
 * database and the search index, {@code devflow restore}, start again, and find every source,
 * chunk, workflow, run and task again, with search giving the same answers from the rebuilt index.
 *
 * <p>It runs on PostgreSQL 15 because that is the pg_dump Debian ships here (see {@link
 * Postgres15}), and in a failsafe execution of its own, because it starts its own stack on the
 * fixed local ports.
 */
class BackupDrillE2EIT {

  private static final Api API = new Api(DevflowStack.BASE_URL, null);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> CONTENT_TABLES =
      List.of(
          "sources",
          "documents",
          "chunks",
          "code_examples",
          "workflow_definitions",
          "runs",
          "tasks");

  @TempDir static Path work;
  static Postgres15 postgres;
  static Path home;

  @BeforeAll
  static void start() throws Exception {
    postgres = Postgres15.start(work.resolve("pg15"));
    home = Files.createDirectories(work.resolve("home"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (home != null) {
      devflow(Duration.ofSeconds(60), "down");
      Commands.deleteQuietly(home.resolve("logs")); // kept in the build output below
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  @Timeout(900)
  void restoreBringsBackEverySourceChunkWorkflowAndTaskAndTheSameSearchAnswers() throws Exception {
    up();
    seed();
    Map<String, JsonNode> before = snapshot();
    Map<String, Long> countsBefore = counts();
    assertThat(countsBefore.get("chunks")).isGreaterThan(5);

    Commands.Result backup =
        devflow(
            Duration.ofMinutes(3), "backup", "--output-dir", work.resolve("backups").toString());
    assertThat(backup.exitCode()).as(backup.output()).isZero();
    Matcher written = Pattern.compile("Backup written to (\\S+)").matcher(backup.output());
    assertThat(written.find()).as(backup.output()).isTrue();
    Path backupDir = Path.of(written.group(1));
    assertThat(Files.readString(backupDir.resolve("schema-versions.tsv")))
        .contains("tenant_local\tflyway_knowledge_hub_history")
        .contains("devflow\t");

    Commands.Result running =
        devflow(Duration.ofSeconds(60), "restore", "--from", backupDir.toString(), "--yes");
    assertThat(running.exitCode()).isNotZero();
    assertThat(running.output()).contains("DevFlow is running");

    assertThat(devflow(Duration.ofSeconds(90), "down").exitCode()).isZero();
    wipe();
    assertThat(postgres.count("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'tenant\\_%'"))
        .isZero();

    Path damaged = copyWithFlippedByte(backupDir, work.resolve("damaged"));
    Commands.Result refused =
        devflow(Duration.ofSeconds(60), "restore", "--from", damaged.toString(), "--yes");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.output()).contains("damaged").contains("postgres.dump");

    Commands.Result restored =
        devflow(Duration.ofMinutes(3), "restore", "--from", backupDir.toString(), "--yes");
    assertThat(restored.exitCode()).as(restored.output()).isZero();
    assertThat(counts()).isEqualTo(countsBefore);

    up();
    awaitIndexRebuilt();
    Map<String, JsonNode> after = snapshot();
    for (String key : before.keySet()) {
      assertThat(after.get(key)).as(key).isEqualTo(before.get(key));
    }
  }

  private static void seed() throws Exception {
    try (LoopbackSite site = new LoopbackSite(6)) {
      String source =
          API.call(
              "POST",
              "/api/v1/sources",
              "{\"name\":\"Loopback docs\",\"url\":\""
                  + site.indexUrl()
                  + "\",\"maxDepth\":2,\"maxPages\":20}",
              201);
      API.awaitIngested(JSON.readTree(source).path("id").asText(), Duration.ofSeconds(120));
    }
    String upload =
        API.upload(
            "Handbook",
            "ledger.md",
            "# Ledger\n\nAt month end we reconcile the ledger, sign it and archive it.\n");
    API.awaitIngested(JSON.readTree(upload).path("sourceId").asText(), Duration.ofSeconds(120));
    long workflow =
        JSON.readTree(
                API.call(
                    "POST",
                    "/api/v1/workflows",
                    "{\"format\":\"yaml\",\"source\":\"name: drill-plan\\nphases:\\n  - name: plan\\n  - name: build\\n\"}",
                    201))
            .path("id")
            .asLong();
    Path repo = GitRepos.aRepository(Files.createDirectories(work.resolve("git")));
    long run = API.startRun(workflow, repo);
    for (String title : List.of("Write the plan", "Review the plan")) {
      API.call(
          "POST",
          "/api/v1/runs/" + run + "/tasks",
          "{\"phase\":\"plan\",\"title\":\"" + title + "\"}",
          201);
    }
  }

  /** What a user sees: sources, workflows, runs, tasks, and the answers to a few searches. */
  private static Map<String, JsonNode> snapshot() throws Exception {
    Map<String, JsonNode> seen = new LinkedHashMap<>();
    seen.put("sources", JSON.readTree(API.call("GET", "/api/v1/sources", null, 200)));
    seen.put("workflows", JSON.readTree(API.call("GET", "/api/v1/workflows", null, 200)));
    JsonNode runs = JSON.readTree(API.call("GET", "/api/v1/runs", null, 200));
    seen.put("runs", runs);
    for (JsonNode run : runs) {
      String path = "/api/v1/runs/" + run.path("id").asLong() + "/tasks";
      seen.put(path, JSON.readTree(API.call("GET", path, null, 200)));
    }
    for (String mode : List.of("keyword", "semantic", "hybrid")) {
      for (String query : List.of("scheduler retries backoff", "reconcile the ledger")) {
        String path = "/api/v1/search?limit=5&mode=" + mode + "&query=" + query.replace(' ', '+');
        List<String> hits = new ArrayList<>();
        for (JsonNode hit : JSON.readTree(API.call("GET", path, null, 200)).path("results")) {
          hits.add(hit.path("chunkId").asText() + " " + hit.path("title").asText());
        }
        assertThat(hits).as(path).isNotEmpty();
        seen.put(path, JSON.valueToTree(hits));
      }
    }
    return seen;
  }

  private static Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : CONTENT_TABLES) {
      counts.put(table, postgres.count("SELECT count(*) FROM tenant_local." + table));
    }
    counts.put("tenants", postgres.count("SELECT count(*) FROM devflow.tenants"));
    return counts;
  }

  private static void wipe() {
    postgres.sql("DROP DATABASE devflow WITH (FORCE)");
    postgres.sql("CREATE DATABASE devflow");
    Commands.deleteQuietly(home.resolve("data"));
  }

  private static void awaitIndexRebuilt() throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    JsonNode status = null;
    while (Instant.now().isBefore(deadline)) {
      status = JSON.readTree(API.call("GET", "/api/v1/admin/index", null, 200));
      if (!status.path("rebuilding").asBoolean()
          && !status.path("stale").asBoolean()
          && status.path("chunksIndexed").asLong() == status.path("chunksInDatabase").asLong()) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the search index was not rebuilt in 3 minutes: " + status);
  }

  private static Path copyWithFlippedByte(Path backup, Path copy) throws Exception {
    Files.createDirectories(copy);
    try (var files = Files.list(backup)) {
      for (Path file : files.toList()) {
        Files.copy(file, copy.resolve(file.getFileName()));
      }
    }
    Path dump = copy.resolve("postgres.dump");
    byte[] bytes = Files.readAllBytes(dump);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(dump, bytes);
    return copy;
  }

  private static void up() {
    Commands.Result up = devflow(Duration.ofSeconds(240), "up", "--detach", "--timeout", "200");
    assertThat(up.exitCode()).as(up.output()).isZero();
  }

  private static Commands.Result devflow(Duration timeout, String... args) {
    List<String> command = new ArrayList<>(List.of("./devflow"));
    command.addAll(List.of(args));
    return Commands.run(
        DevflowStack.checkout(),
        command,
        Map.of("DEVFLOW_HOME", home.toString(), "DATABASE_URL", postgres.url()),
        timeout,
        "devflow " + args[0]);
  }
}
