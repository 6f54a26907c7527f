package dev.devflow.cli.home;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where the control database is for commands that write to it directly: {@code DATABASE_URL} (the
 * spec's {@code postgresql://user:pass@host:port/db}), else the embedded PostgreSQL that {@code
 * devflow up} is running.
 */
public record ControlDatabaseUrl(String jdbcUrl, Properties credentials) {

  public static ControlDatabaseUrl resolve(Map<String, String> env, DevflowHome home)
      throws Exception {
    String url = env.get("DATABASE_URL");
    if (url == null || url.isBlank()) {
      Path portFile = home.postgresPortFile();
      if (!Files.exists(portFile)) {
        throw new IllegalStateException(
            "no database: set DATABASE_URL, or start DevFlow with 'devflow up' first");
      }
      String port = Files.readString(portFile).trim();
      url = "postgresql://postgres:postgres@localhost:" + port + "/" + EmbeddedDatabase.DATABASE;
    }
    return parse(url);
  }

  public static ControlDatabaseUrl parse(String url) {
    Properties credentials = new Properties();
    if (url.startsWith("jdbc:postgresql:")) {
      return new ControlDatabaseUrl(url, credentials);
    }
    URI uri = URI.create(url.replaceFirst("^postgres(ql)?://", "http://"));
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      credentials.setProperty("user", decode(parts[0]));
      if (parts.length == 2) {
        credentials.setProperty("password", decode(parts[1]));
      }
    }
    String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return new ControlDatabaseUrl(
        "jdbc:postgresql://" + uri.getHost() + port + uri.getRawPath() + query, credentials);
  }

  /** A connection to the database with these credentials. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, credentials);
  }

  /**
   * The same database for libpq programs (pg_dump, psql), as environment variables so that the
   * password never shows in a process listing.
   */
  public Map<String, String> libpqEnvironment() {
    URI uri = URI.create(jdbcUrl.replaceFirst("^jdbc:postgresql://", "http://"));
    Map<String, String> env = new HashMap<>();
    env.put("PGHOST", uri.getHost() == null ? "localhost" : uri.getHost());
    env.put("PGPORT", Integer.toString(uri.getPort() > 0 ? uri.getPort() : 5432));
    env.put("PGDATABASE", decode(uri.getRawPath().replaceFirst("^/", "")));
    Map<String, String> query = new HashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        String[] kv = pair.split("=", 2);
        query.put(kv[0], kv.length == 2 ? decode(kv[1]) : "");
      }
    }
    String user = credentials.getProperty("user", query.get("user"));
    String password = credentials.getProperty("password", query.get("password"));
    if (user != null) {
      env.put("PGUSER", user);
    }
    if (password != null) {
      env.put("PGPASSWORD", password);
    }
    if (query.containsKey("sslmode")) {
      env.put("PGSSLMODE", query.get("sslmode"));
    }
    return env;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
