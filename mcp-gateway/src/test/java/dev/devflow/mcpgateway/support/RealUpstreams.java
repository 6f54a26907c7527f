package dev.devflow.mcpgateway.support;

import dev.devflow.common.testing.TestPostgres;
import dev.devflow.common.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The real knowledge-hub and workflow-engine, run from their Quarkus builds on one embedded
 * PostgreSQL, behind the gateway under test. Started once per test JVM (profiles restart only the
 * gateway) and stopped with it. Tenants local, alpha and beta are migrated.
 */
public class RealUpstreams implements QuarkusTestResourceLifecycleManager {

  private static final String KH_URL = "mcp-test.upstream.knowledge-hub";
  private static final String WE_URL = "mcp-test.upstream.workflow-engine";

  private static Upstream knowledgeHub;
  private static Upstream workflowEngine;

  /** One running service. */
  public record Upstream(String name, Process process, String url) {}

  @Override
  public Map<String, String> start() {
    Upstream[] running = startOnce();
    return Map.of(
        "devflow.mcp-gateway.knowledge-hub-url", running[0].url(),
        "devflow.mcp-gateway.workflow-engine-url", running[1].url());
  }

  @Override
  public void stop() {
    // Kept for the next profile; the shutdown hook stops them with the JVM.
  }

  public static String knowledgeHubUrl() {
    return startOnce()[0].url();
  }

  public static String workflowEngineUrl() {
    return startOnce()[1].url();
  }

  /**
   * Quarkus loads test resources in a new class loader for each profile, so the running services
   * are remembered in system properties, which the whole JVM shares, not in static fields.
   */
  private static synchronized Upstream[] startOnce() {
    String kh = System.getProperty(KH_URL);
    String we = System.getProperty(WE_URL);
    if (kh != null && we != null) {
      return new Upstream[] {
        new Upstream("knowledge-hub", null, kh), new Upstream("workflow-engine", null, we)
      };
    }
    if (knowledgeHub == null) {
      TestPostgres.Database db = TestPostgres.createDatabase();
      Path data = temp("devflow-mcp-test-kh");
      Map<String, String> common =
          Map.of(
              "DEVFLOW_MODE", "local",
              "QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl(),
              "QUARKUS_DATASOURCE_USERNAME", db.username(),
              "QUARKUS_DATASOURCE_PASSWORD", db.password(),
              "MP_JWT_VERIFY_PUBLICKEY", TestTokens.publicKey(),
              "DEVFLOW_TENANTS_MIGRATE_AT_START", "local,alpha,beta");
      knowledgeHub =
          launch(
              "knowledge-hub",
              common,
              Map.of(
                  "DEVFLOW_KNOWLEDGE_HUB_DATA_DIR", data.toString(),
                  "DEVFLOW_KNOWLEDGE_HUB_ALLOW_PRIVATE_ADDRESSES", "true",
                  "DEVFLOW_KNOWLEDGE_HUB_CRAWL_POLITENESS_DELAY", "0ms",
                  "DEVFLOW_KNOWLEDGE_HUB_CRAWL_PROGRESS_INTERVAL", "100ms"));
      workflowEngine = launch("workflow-engine", common, Map.of());
      Runtime.getRuntime().addShutdownHook(new Thread(RealUpstreams::stopAll));
      awaitReady(knowledgeHub);
      awaitReady(workflowEngine);
      System.setProperty(KH_URL, knowledgeHub.url());
      System.setProperty(WE_URL, workflowEngine.url());
    }
    return new Upstream[] {knowledgeHub, workflowEngine};
  }

  private static Upstream launch(String name, Map<String, String> common, Map<String, String> own) {
    Path jar = repoRoot().resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar
              + " is missing: the MCP tests run the real "
              + name
              + ". Build it first: ./mvnw -B package -pl "
              + name
              + " -DskipTests (a full ./mvnw verify does this in order).");
    }
    int port = freePort();
    Path log = Path.of("target", "upstream-" + name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC",
                    "-Xmx512m",
                    "-jar",
                    jar.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(common);
    builder.environment().putAll(own);
    builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
    builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
    try {
      return new Upstream(name, builder.start(), "http://127.0.0.1:" + port);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + name, e);
    }
  }

  private static void awaitReady(Upstream upstream) {
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
    while (Instant.now().isBefore(deadline)) {
      if (!upstream.process().isAlive()) {
        throw new IllegalStateException(
            upstream.name() + " exited; see target/upstream-" + upstream.name() + ".log");
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create(upstream.url() + "/health/ready")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(200);
    }
    throw new IllegalStateException(upstream.name() + " did not become ready in 120 s");
  }

  private static void stopAll() {
    for (Upstream u : new Upstream[] {knowledgeHub, workflowEngine}) {
      if (u != null) {
        u.process().destroy();
      }
    }
  }

  private static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("Not inside the DevFlow checkout");
    }
    return dir;
  }

  private static Path temp(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
