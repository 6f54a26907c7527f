package dev.devflow.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devflow.common.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's migration hook Job, run for real: the packaged api-gateway with the Job's own
 * environment (from the rendered chart, secrets filled in) migrates a fresh database and exits.
 */
class MigrationJobIT {

  @TempDir Path tmp;

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void theMigrationJobMigratesTheControlSchemaAndExits() throws Exception {
    Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
    assumeTrue(Files.exists(jar), "the api-gateway is not packaged: run ./mvnw verify");
    JsonNode job = RenderedChart.of(null, tmp).kind("Job").get(0);
    TestPostgres.Database db = TestPostgres.createDatabase();
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    Map<String, String> secrets =
        Map.of(
            "DATABASE_URL",
            "postgresql://"
                + db.username()
                + ":"
                + db.password()
                + "@"
                + db.jdbcUrl().substring("jdbc:postgresql://".length()),
            "DEVFLOW_JWT_PRIVATE_KEY",
            Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()),
            "DEVFLOW_JWT_PUBLIC_KEY",
            Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()));

    Map<String, String> env = new HashMap<>();
    for (JsonNode var : job.at("/spec/template/spec/containers/0/env")) {
      String name = var.path("name").asText();
      env.put(name, var.has("value") ? var.path("value").asText() : secrets.get(name));
    }
    assertThat(env).doesNotContainValue(null);
    env.put("QUARKUS_HTTP_PORT", "0");
    ProcessBuilder pb = new ProcessBuilder("java", "-jar", jar.toString());
    pb.environment().putAll(env);
    Path log = Path.of("target", "migration-job-it.log");
    Process process = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean exited = process.waitFor(150, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
    }

    assertThat(exited)
        .as("the Job's container exits by itself: %s", DeployTools.read(log))
        .isTrue();
    assertThat(process.exitValue()).as(DeployTools.read(log)).isZero();
    assertThat(DeployTools.read(log)).as("never served HTTP").doesNotContain("Listening on");
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
      ResultSet migrations =
          c.createStatement()
              .executeQuery("SELECT count(*) FROM devflow.flyway_control_history WHERE success");
      migrations.next();
      assertThat(migrations.getInt(1)).isPositive();
      ResultSet role =
          c.createStatement().executeQuery("SELECT 1 FROM pg_roles WHERE rolname = 'devflow_app'");
      assertThat(role.next()).as("runtime role created").isTrue();
    }
  }
}
