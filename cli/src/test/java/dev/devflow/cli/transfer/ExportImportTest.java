package dev.devflow.cli.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.cli.DevflowCommand;
import dev.devflow.cli.home.DevflowHome;
import dev.devflow.cli.home.EmbeddedDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Export and import on a real PostgreSQL, with the column types and the foreign-key cycle the
 * services' schemas have. The same round trip against the real services is the e2e module's
 * ExportImportE2EIT.
 */
@Timeout(120)
class ExportImportTest {

  private static final String DDL =
      """
      CREATE TABLE %1$s.flyway_demo_history (version TEXT, success BOOLEAN);
      INSERT INTO %1$s.flyway_demo_history VALUES ('1', true), ('%2$s', true);
      CREATE TABLE %1$s.tasks (id BIGSERIAL PRIMARY KEY, title TEXT NOT NULL, agent_id BIGINT,
          tags TEXT[], meta JSONB, created_at TIMESTAMPTZ NOT NULL DEFAULT now());
      CREATE TABLE %1$s.agents (id BIGSERIAL PRIMARY KEY,
          task_id BIGINT NOT NULL REFERENCES %1$s.tasks (id), embedding REAL[], blob BYTEA);
      ALTER TABLE %1$s.tasks ADD CONSTRAINT tasks_agent_fk FOREIGN KEY (agent_id)
          REFERENCES %1$s.agents (id);
      CREATE TABLE %1$s.oauth_states (state TEXT PRIMARY KEY);
      """;

  @TempDir static Path root;
  static EmbeddedDatabase db;

  @BeforeAll
  static void start() throws Exception {
    db = EmbeddedDatabase.start(new DevflowHome(root.resolve("home")), freePort());
    sql(schema("tenant_alpha", "2"));
    sql(
        """
        INSERT INTO tenant_alpha.tasks (title, tags, meta) VALUES
          ('Write the plan', '{a,"b c"}', '{"n": 1.5e-7, "s": "ünïcode ✓"}'), ('Review', NULL, NULL);
        INSERT INTO tenant_alpha.agents (task_id, embedding, blob)
          VALUES (1, '{0.1, -2.5e-8, 3.4028235e38}', '\\x00ff10');
        UPDATE tenant_alpha.tasks SET agent_id = 1 WHERE id = 1;
        INSERT INTO tenant_alpha.oauth_states VALUES ('short-lived');
        """);
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  @Test
  void aRoundTripIntoAFreshTenantKeepsEveryRowAndTheSequencesMoveOn() throws Exception {
    sql(schema("tenant_beta", "2"));
    Path file = root.resolve("alpha.json");

    assertThat(run("export", "--tenant", "alpha", "--output", file.toString())).contains("3 rows");
    assertThat(run("import", "--tenant", "beta", "--input", file.toString()))
        .contains("Imported 3 rows in 2 tables into tenant 'beta'");

    for (String table : List.of("tasks", "agents")) {
      assertThat(rows("tenant_beta", table)).isEqualTo(rows("tenant_alpha", table)).isNotEmpty();
    }
    assertThat(rows("tenant_beta", "oauth_states")).isEmpty();
    sql("INSERT INTO tenant_beta.tasks (title) VALUES ('after the move')");
    assertThat(rows("tenant_beta", "tasks"))
        .anyMatch(r -> r.startsWith("3|") && r.contains("after the move"));

    String again = fails("import", "--tenant", "beta", "--input", file.toString());
    assertThat(again).contains("tenant 'beta' already holds data (in agents)");
  }

  @Test
  void refusesAnotherSchemaVersionATamperedFileAndWritesNothing() throws Exception {
    Path file = root.resolve("alpha-2.json");
    run("export", "--tenant", "alpha", "--output", file.toString());

    sql(schema("tenant_gamma", "3"));
    assertThat(fails("import", "--tenant", "gamma", "--input", file.toString()))
        .contains("flyway_demo_history version 2, tenant 'gamma' here is at 3");

    sql(schema("tenant_delta", "2"));
    Path tampered = root.resolve("tampered.json");
    Files.writeString(tampered, Files.readString(file).replace("Review", "Reviewed"));
    assertThat(fails("import", "--tenant", "delta", "--input", tampered.toString()))
        .contains("table tasks does not match the export's checksum; nothing was imported");
    assertThat(rows("tenant_delta", "agents")).isEmpty();
    assertThat(rows("tenant_delta", "tasks")).isEmpty();

    assertThat(fails("import", "--tenant", "nobody", "--input", file.toString()))
        .contains("there is no tenant 'nobody' here");
    assertThat(fails("export", "--tenant", "Bad-Slug", "--output", file.toString()))
        .contains("--tenant must be a tenant slug");
    Files.writeString(tampered, "{\"format\":\"something-else\",\"tables\":[]}");
    assertThat(fails("import", "--tenant", "delta", "--input", tampered.toString()))
        .contains("not a DevFlow export: its format is not 'devflow-export'");
  }

  private static String schema(String name, String version) {
    return "CREATE SCHEMA " + name + ";\n" + DDL.formatted(name, version);
  }

  private static String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = cli(out, err);
    assertThat(cli.execute(args)).as(err.toString()).isZero();
    return out.toString();
  }

  private static String fails(String... args) {
    StringWriter err = new StringWriter();
    assertThat(cli(new StringWriter(), err).execute(args)).isNotZero();
    return err.toString();
  }

  private static CommandLine cli(StringWriter out, StringWriter err) {
    CommandLine cli =
        DevflowCommand.commandLine(
            new DevflowHome(root.resolve("home")), null, Map.of("DATABASE_URL", db.url()), root);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli;
  }

  private static List<String> rows(String schema, String table) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT t::text FROM " + schema + "." + table + " t ORDER BY 1")) {
      while (rs.next()) {
        rows.add(rs.getString(1).replaceAll("^\\((\\d+),", "$1|"));
      }
    }
    return rows;
  }

  private static void sql(String statements) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(statements);
    }
  }

  private static int freePort() throws Exception {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
