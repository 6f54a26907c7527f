package dev.devflow.common.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Another DevFlow service run for real: its packaged fast-jar in local mode on a free loopback
 * port, with its own fresh embedded database and its own home (a temporary directory, holding its
 * log), so it never touches the real {@code ~/.devflow}.
 */
public final class PackagedService implements AutoCloseable {

  private final Process process;
  private final Path dir;
  private final String url;

  private PackagedService(Process process, Path dir, String url) {
    this.process = process;
    this.dir = dir;
    this.url = url;
  }

  /** The jar of a sibling module, e.g. {@code knowledge-hub}. */
  public static Path jarOf(String module) {
    return Path.of("../" + module + "/target/quarkus-app/quarkus-run.jar")
        .toAbsolutePath()
        .normalize();
  }

  /** Starts the module's jar and waits until it is ready (90 s at most). */
  public static PackagedService start(String module, Map<String, String> env) throws Exception {
    TestPostgres.Database db = TestPostgres.createDatabase();
    int port = freePort();
    Path dir = Files.createTempDirectory(module + "-real");
    // Its own home: nothing it writes (indexes, worktrees) lands in the real ~/.devflow.
    ProcessBuilder pb =
        new ProcessBuilder(
            "java", "-Xmx512m", "-Duser.home=" + dir, "-jar", jarOf(module).toString());
    pb.environment().put("HOME", dir.toString());
    pb.environment().put("DEVFLOW_KNOWLEDGE_HUB_DATA_DIR", dir.resolve("knowledge").toString());
    pb.environment().put("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl());
    pb.environment().put("QUARKUS_DATASOURCE_USERNAME", db.username() == null ? "" : db.username());
    pb.environment().put("QUARKUS_DATASOURCE_PASSWORD", db.password() == null ? "" : db.password());
    pb.environment().put("DEVFLOW_MODE", "local");
    pb.environment().put("DEVFLOW_HOME", dir.toString());
    pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
    pb.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
    pb.environment().put("OTEL_SDK_DISABLED", "true");
    pb.environment().putAll(env);
    pb.redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile());
    PackagedService service = new PackagedService(pb.start(), dir, "http://127.0.0.1:" + port);
    service.awaitReady(module);
    return service;
  }

  /**
   * A free port below Linux's ephemeral range (32768+), so the service's own outgoing connections
   * (JDBC while Flyway migrates) cannot take it before its HTTP server binds it.
   */
  private static int freePort() throws IOException {
    java.util.concurrent.ThreadLocalRandom random =
        java.util.concurrent.ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 100; attempt++) {
      int candidate = random.nextInt(20_000, 32_000);
      try (ServerSocket s =
          new ServerSocket(candidate, 1, java.net.InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("No free port between 20000 and 32000");
  }

  public String url() {
    return url;
  }

  public Path dir() {
    return dir;
  }

  private void awaitReady(String module) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (Instant.now().isBefore(deadline)) {
      try {
        if (given().baseUri(url).get("/health/ready").statusCode() == 200) {
          return;
        }
      } catch (Exception notYet) { // connection refused while it starts
        assertThat(process.isAlive())
            .as(module + " exited, see " + dir.resolve("service.log"))
            .isTrue();
      }
      Thread.sleep(250);
    }
    throw new AssertionError(module + " did not become ready; see " + dir.resolve("service.log"));
  }

  @Override
  public void close() throws IOException, InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
