package dev.devflow.cli.backup;

import dev.devflow.cli.home.ControlDatabaseUrl;
import dev.devflow.cli.home.DevflowHome;
import dev.devflow.cli.home.EmbeddedDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code devflow restore}: puts a {@code devflow backup} back, all or nothing. The checksums are
 * checked first; then, in one transaction, DevFlow's schemas (those in the backup, and any tenant
 * schema made since) are dropped and the dump is replayed, so a failure half way leaves the
 * database as it was. DevFlow must be stopped; the search index is deleted so the knowledge hub
 * rebuilds it from the restored data when it starts.
 */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description =
        "Replace DevFlow's data with a backup made by 'devflow backup' (DevFlow stopped).")
public final class RestoreCommand implements Callable<Integer> {

  private static final Pattern SCHEMA_ENTRY = Pattern.compile("^\\d+; \\d+ \\d+ SCHEMA - (\\S+) ");

  @Option(names = "--from", required = true, description = "The backup directory to restore.")
  Path from;

  @Option(
      names = "--yes",
      description = "Confirm that DevFlow's current data is to be replaced by the backup.")
  boolean confirmed;

  @Spec CommandSpec spec;

  private final DevflowHome home;
  private final Map<String, String> env;

  public RestoreCommand(DevflowHome home, Map<String, String> env) {
    this.home = home;
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    Path dir = from.toAbsolutePath().normalize();
    Map<String, String> facts = BackupManifest.verify(dir);
    if (home.pidFile(DevflowHome.SUPERVISOR).liveProcess().isPresent()) {
      throw new IllegalStateException("DevFlow is running: stop it first with 'devflow down'");
    }
    if (!confirmed) {
      throw new IllegalArgumentException(
          "restoring replaces every tenant's data with the backup of "
              + facts.getOrDefault("created_at", "unknown date")
              + "; run again with --yes to confirm");
    }
    Optional<String> external =
        Optional.ofNullable(env.get("DATABASE_URL")).filter(url -> !url.isBlank());
    if (external.isPresent()) {
      restore(dir, ControlDatabaseUrl.parse(external.get()));
    } else {
      try (EmbeddedDatabase db = EmbeddedDatabase.start(home, EmbeddedDatabase.DEFAULT_PORT)) {
        restore(dir, ControlDatabaseUrl.parse(db.url()));
      }
    }
    BackupCommand.deleteTree(home.knowledgeHubData().resolve("index"));
    spec.commandLine()
        .getOut()
        .printf(
            "Restored the backup of %s (DevFlow %s). Start DevFlow: the knowledge hub rebuilds"
                + " its search index from the restored data.%n",
            facts.getOrDefault("created_at", "?"), facts.getOrDefault("devflow_version", "?"));
    return 0;
  }

  private void restore(Path dir, ControlDatabaseUrl database) throws Exception {
    int serverMajor;
    try (Connection c = database.connect()) {
      serverMajor = c.getMetaData().getDatabaseMajorVersion();
    }
    PgTools tools = PgTools.forServer(serverMajor, env);
    Path psql = tools.bin().resolve("psql");
    if (!Files.isExecutable(psql)) {
      throw new IllegalStateException("no psql next to " + tools.pgRestore());
    }
    Path dump = dir.resolve(BackupManifest.DUMP);
    Map<String, String> libpq = database.libpqEnvironment();
    Path prelude = Files.createTempFile("devflow-restore", ".sql");
    try {
      Files.writeString(prelude, prelude(schemasIn(tools, dump, libpq)), StandardCharsets.UTF_8);
      ToolRun.pipe(
          List.of(tools.pgRestore().toString(), "--no-owner", "--file=-", dump.toString()),
          List.of(
              psql.toString(),
              "--no-psqlrc",
              "--quiet",
              "--no-password",
              "--single-transaction",
              "--set=ON_ERROR_STOP=1",
              "--file=" + prelude,
              "--file=-"),
          libpq);
    } finally {
      Files.deleteIfExists(prelude);
    }
  }

  /** The schemas the dump creates, from its table of contents. */
  private static TreeSet<String> schemasIn(PgTools tools, Path dump, Map<String, String> env)
      throws IOException, InterruptedException {
    Path list = Files.createTempFile("devflow-restore", ".list");
    try {
      ToolRun.run(List.of(tools.pgRestore().toString(), "--list", dump.toString()), env, list);
      TreeSet<String> schemas = new TreeSet<>();
      for (String line : Files.readAllLines(list)) {
        Matcher m = SCHEMA_ENTRY.matcher(line);
        if (m.find() && !m.group(1).equals("public")) {
          schemas.add(m.group(1));
        }
      }
      return schemas;
    } finally {
      Files.deleteIfExists(list);
    }
  }

  /**
   * Drops what the dump will recreate and every tenant schema (one made after the backup would
   * otherwise outlive its tenant), and makes sure the runtime role the grants name exists.
   */
  static String prelude(TreeSet<String> schemas) {
    StringBuilder drops = new StringBuilder();
    for (String schema : schemas) {
      drops
          .append("DROP SCHEMA IF EXISTS \"")
          .append(schema.replace("\"", "\"\""))
          .append("\" CASCADE;\n");
    }
    return drops
        + """
        DO $$
        DECLARE s record;
        BEGIN
          FOR s IN SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tenant\\_%' LOOP
            EXECUTE format('DROP SCHEMA %I CASCADE', s.nspname);
          END LOOP;
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'devflow_app') THEN
            CREATE ROLE devflow_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
          END IF;
        END $$;
        GRANT devflow_app TO CURRENT_USER;
        """;
  }
}
