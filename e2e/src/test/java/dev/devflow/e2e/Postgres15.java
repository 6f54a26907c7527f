package dev.devflow.e2e;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A real PostgreSQL 15 for the backup drill: the version whose pg_dump and pg_restore Debian 12
 * ships (pg_dump refuses servers newer than itself, and DevFlow's embedded PostgreSQL is 17). The
 * binaries come from zonky's Maven artifact, which the build copies to {@code target/postgres15/}.
 */
final class Postgres15 implements AutoCloseable {

  static final Path BINARIES_JAR =
      Path.of(System.getProperty("e2e.postgres15-jar", "target/postgres15/binaries.jar"));

  private final EmbeddedPostgres postgres;

  private Postgres15(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static Postgres15 start(Path dataDir) throws IOException {
    byte[] archive;
    try (ZipFile jar = new ZipFile(BINARIES_JAR.toFile())) {
      ZipEntry entry = jar.getEntry("postgres-linux-x86_64.txz");
      if (entry == null) {
        throw new IllegalStateException(BINARIES_JAR + " holds no postgres-linux-x86_64.txz");
      }
      try (InputStream in = jar.getInputStream(entry)) {
        archive = in.readAllBytes();
      }
    }
    Files.createDirectories(dataDir);
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setPgBinaryResolver((system, machine) -> new ByteArrayInputStream(archive))
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(true)
            .setPort(freePort())
            .setPGStartupWait(Duration.ofSeconds(60))
            .start();
    Postgres15 started = new Postgres15(postgres);
    started.sql("CREATE DATABASE devflow");
    return started;
  }

  /** The {@code devflow} database as DevFlow's DATABASE_URL. */
  String url() {
    return "postgresql://postgres:postgres@localhost:" + postgres.getPort() + "/devflow";
  }

  /** Runs statements on the {@code postgres} maintenance database. */
  void sql(String statements) {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute(statements);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A number from the {@code devflow} database. */
  long count(String query) {
    try (Connection c = postgres.getDatabase("postgres", "devflow").getConnection();
        Statement s = c.createStatement();
        var rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }

  private static int freePort() throws IOException {
    // Below the ephemeral range, where the kernel never hands out a client port in the meantime.
    for (int port = 21000 + (int) (ProcessHandle.current().pid() % 4000); ; port++) {
      try (ServerSocket socket = new ServerSocket(port)) {
        return port;
      } catch (IOException busy) {
        // next one
      }
    }
  }
}
