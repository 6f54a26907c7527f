package dev.devflow.cli.home;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/** A real PostgreSQL whose data stays in {@code ~/.devflow/postgres} from one run to the next. */
public final class EmbeddedDatabase implements AutoCloseable {

  public static final int DEFAULT_PORT = 54329;
  static final String DATABASE = "devflow";

  static {
    // EmbeddedPostgres logs through SLF4J, which would warn on every start that it has no backend.
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
  }

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts PostgreSQL on {@code port} with the data directory under {@code home} (initialised on
   * first use only) and makes sure the {@code devflow} database exists.
   */
  public static EmbeddedDatabase start(DevflowHome home, int port) throws IOException {
    home.createDirectories();
    Path log = home.log("postgres");
    Files.deleteIfExists(log);
    ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(log.toFile());
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setPort(port)
            .setDataDirectory(home.postgresData())
            .setCleanDataDirectory(false)
            // zonky passes -F (fsync off), fine for throw-away test data but not for data we keep.
            .setServerConfig("fsync", "on")
            .setOutputRedirector(toLog)
            .setErrorRedirector(toLog)
            // First start unpacks the binaries and runs initdb, slow on a busy two-core machine.
            .setPGStartupWait(Duration.ofSeconds(60))
            .start();
    EmbeddedDatabase database = new EmbeddedDatabase(postgres);
    try {
      database.createDatabaseIfMissing();
      database.createRuntimeRoleIfMissing();
    } catch (SQLException e) {
      database.close();
      throw new IOException("cannot create the devflow database: " + e.getMessage(), e);
    }
    return database;
  }

  private void createDatabaseIfMissing() throws SQLException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        PreparedStatement exists =
            connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, DATABASE);
      try (ResultSet rows = exists.executeQuery()) {
        if (rows.next()) {
          return;
        }
      }
      try (Statement create = connection.createStatement()) {
        create.execute("CREATE DATABASE " + DATABASE);
      }
    }
  }

  /**
   * The role the services act as exists before any of them starts, so that none has to race the
   * others to create it on a fresh cluster (their migrations still create it where it is missing).
   */
  private void createRuntimeRoleIfMissing() throws SQLException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement create = connection.createStatement()) {
      create.execute(
          "DO $$ BEGIN CREATE ROLE devflow_app NOLOGIN NOSUPERUSER NOBYPASSRLS;"
              + " EXCEPTION WHEN duplicate_object THEN NULL; END $$");
    }
  }

  public int port() {
    return postgres.getPort();
  }

  /** The URL the services get as {@code DATABASE_URL}; local trust auth ignores the password. */
  public String url() {
    return "postgresql://postgres:postgres@localhost:" + port() + "/" + DATABASE;
  }

  /** The {@code devflow} database, for direct JDBC access. */
  public DataSource dataSource() {
    return postgres.getDatabase("postgres", DATABASE);
  }

  /** Stops PostgreSQL with a fast shutdown; calling it twice is harmless. */
  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
