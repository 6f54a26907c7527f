package dev.devflow.cli.backup;

import dev.devflow.cli.home.ControlDatabaseUrl;
import dev.devflow.cli.home.DevflowHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code devflow backup}: the whole database with {@code pg_dump -Fc} (control schema and every
 * tenant's schema, taken in one consistent snapshot while DevFlow keeps running), the schema
 * versions, and a checksummed manifest, into {@code <output-dir>/<UTC timestamp>/}. The search
 * index is not copied: the knowledge hub rebuilds it from PostgreSQL. Older backups than the
 * retention are deleted afterwards.
 */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description =
        "Back up DevFlow's database (pg_dump -Fc) with its schema versions and checksums.")
public final class BackupCommand implements Callable<Integer> {

  static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  @Option(
      names = "--output-dir",
      description = "Where backups go (default: backups/ under DEVFLOW_HOME).")
  Path outputDir;

  @Option(
      names = "--retention-days",
      defaultValue = "30",
      description = "Delete backups in the output directory older than this (default 30).")
  int retentionDays;

  @Spec CommandSpec spec;

  private final DevflowHome home;
  private final Map<String, String> env;
  private final String version;

  public BackupCommand(DevflowHome home, Map<String, String> env, String version) {
    this.home = home;
    this.env = env;
    this.version = version;
  }

  @Override
  public Integer call() throws Exception {
    if (retentionDays < 1) {
      throw new IllegalArgumentException("--retention-days must be at least 1");
    }
    ControlDatabaseUrl database = ControlDatabaseUrl.resolve(env, home);
    Path root = outputDir == null ? home.backups() : outputDir.toAbsolutePath().normalize();
    Instant now = Instant.now();
    Path dir = createPrivateDirectory(root.resolve(STAMP.format(now)));
    try {
      write(database, dir, now);
    } catch (Exception e) {
      deleteTree(dir); // a half-written backup must never be mistaken for a good one
      throw e;
    }
    List<Path> deleted = expire(root, now);
    spec.commandLine()
        .getOut()
        .printf(
            "Backup written to %s (%d MB)%n",
            dir, Math.max(1, Files.size(dir.resolve(BackupManifest.DUMP)) >> 20));
    deleted.forEach(
        d ->
            spec.commandLine().getOut().println("Deleted a backup older than the retention: " + d));
    return 0;
  }

  private void write(ControlDatabaseUrl database, Path dir, Instant now) throws Exception {
    Map<String, String> facts = new LinkedHashMap<>();
    List<String> versions;
    int serverMajor;
    try (Connection c = database.connect()) {
      serverMajor = c.getMetaData().getDatabaseMajorVersion();
      versions = BackupManifest.schemaVersions(c);
      facts.put("server_version", c.getMetaData().getDatabaseProductVersion());
    }
    if (versions.isEmpty()) {
      throw new IllegalStateException(
          "the database holds no DevFlow schema yet: start DevFlow once before backing it up");
    }
    PgTools tools = PgTools.forServer(serverMajor, env);
    Path dump = dir.resolve(BackupManifest.DUMP);
    ToolRun.run(
        List.of(tools.pgDump().toString(), "--format=custom", "--no-password", "--file=" + dump),
        database.libpqEnvironment(),
        null);
    Files.write(dir.resolve(BackupManifest.VERSIONS), versions);
    facts.put("devflow_version", version);
    facts.put("created_at", now.toString());
    facts.put("pg_dump_major", Integer.toString(tools.major()));
    facts.put("database", database.libpqEnvironment().get("PGDATABASE"));
    BackupManifest.write(dir, facts, List.of(BackupManifest.DUMP, BackupManifest.VERSIONS));
  }

  private List<Path> expire(Path root, Instant now) throws IOException {
    Instant cutoff = now.minus(retentionDays, ChronoUnit.DAYS);
    List<Path> deleted = new ArrayList<>();
    try (Stream<Path> children = Files.list(root)) {
      for (Path child : children.toList()) {
        Instant taken = stampOf(child);
        // Only what this command wrote: a timestamped directory with a manifest.
        if (taken != null
            && taken.isBefore(cutoff)
            && Files.isRegularFile(child.resolve(BackupManifest.MANIFEST))) {
          deleteTree(child);
          deleted.add(child);
        }
      }
    }
    return deleted;
  }

  private static Instant stampOf(Path dir) {
    try {
      return Instant.from(STAMP.parse(dir.getFileName().toString()));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private Path createPrivateDirectory(Path dir) throws IOException {
    Files.createDirectories(dir.getParent());
    if (Files.exists(dir)) {
      throw new IllegalStateException(dir + " already exists: one backup per second at most");
    }
    Files.createDirectory(dir);
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException notPosix) {
      // The dump holds every tenant's data: say so rather than leave it readable unnoticed.
      spec.commandLine()
          .getErr()
          .println(
              "devflow: warning: could not restrict "
                  + dir
                  + " to its owner (not a POSIX file system); protect the backup directory"
                  + " yourself");
    }
    return dir;
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
