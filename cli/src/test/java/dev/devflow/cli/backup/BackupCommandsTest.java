package dev.devflow.cli.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devflow.cli.DevflowCommand;
import dev.devflow.cli.home.DevflowHome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What backup and restore refuse before touching any database. The real round trip (pg_dump, wipe,
 * pg_restore, the same search answers) is the e2e module's BackupDrillE2EIT.
 */
class BackupCommandsTest {

  @TempDir Path root;

  @Test
  void picksTheOldestPgDumpThatCanReadTheServerAndSaysWhatToInstallOtherwise() throws Exception {
    Path old = fakeClientTools("15.20");
    Path fresh = fakeClientTools("17.6");
    String path = old + ":" + fresh;

    assertThat(PgTools.forServer(15, Map.of("PATH", path)).bin()).isEqualTo(old);
    assertThat(PgTools.forServer(16, Map.of("PATH", path)).major()).isEqualTo(17);
    assertThatThrownBy(() -> PgTools.forServer(18, Map.of("DEVFLOW_PG_BIN", old.toString())))
        .hasMessageContaining("no pg_dump/pg_restore for PostgreSQL 18 or newer")
        .hasMessageContaining("found only: [15 in " + old)
        .hasMessageContaining("postgresql-client-18");
  }

  @Test
  void restoreRefusesADamagedOrIncompleteBackupAndNeedsConfirmation() throws Exception {
    Path backup = Files.createDirectories(root.resolve("20260101T000000Z"));
    Files.write(backup.resolve(BackupManifest.DUMP), new byte[] {1, 2, 3, 4});
    Files.writeString(backup.resolve(BackupManifest.VERSIONS), "devflow\tflyway\t2\n");
    BackupManifest.write(
        backup,
        Map.of("created_at", "2026-01-01T00:00:00Z"),
        List.of(BackupManifest.DUMP, BackupManifest.VERSIONS));

    assertThat(restore(backup, false)).contains("run again with --yes");

    Files.write(backup.resolve(BackupManifest.DUMP), new byte[] {1, 2, 3, 5});
    assertThat(restore(backup, true)).contains("is damaged: postgres.dump");

    Files.delete(backup.resolve(BackupManifest.DUMP));
    assertThat(restore(backup, true)).contains("is incomplete: postgres.dump is missing");

    assertThat(restore(root, true)).contains("is not a DevFlow backup");
  }

  private String restore(Path backup, boolean yes) {
    DevflowHome home = new DevflowHome(root.resolve("home"));
    CommandLine cli = DevflowCommand.commandLine(home, null, Map.of(), root);
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    int exit =
        yes
            ? cli.execute("restore", "--from", backup.toString(), "--yes")
            : cli.execute("restore", "--from", backup.toString());
    assertThat(exit).isNotZero();
    return err.toString();
  }

  private Path fakeClientTools(String version) throws Exception {
    Path bin = Files.createDirectories(root.resolve("pg-" + version));
    for (String tool : List.of("pg_dump", "pg_restore")) {
      Path script = bin.resolve(tool);
      Files.writeString(script, "#!/bin/sh\necho '" + tool + " (PostgreSQL) " + version + "'\n");
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return bin;
  }
}
