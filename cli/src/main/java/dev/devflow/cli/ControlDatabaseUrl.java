package dev.devflow.cli;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where the control database is for commands that write to it directly: {@code DATABASE_URL} (the
 * spec's {@code postgresql://user:pass@host:port/db}), else the embedded PostgreSQL that {@code
 * devflow up} is running.
 */
record ControlDatabaseUrl(String jdbcUrl, Properties credentials) {

  static ControlDatabaseUrl resolve(Map<String, String> env, DevflowHome home) throws Exception {
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

  static ControlDatabaseUrl parse(String url) {
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

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
