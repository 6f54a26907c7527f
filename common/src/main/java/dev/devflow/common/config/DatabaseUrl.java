package dev.devflow.common.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A PostgreSQL connection given as the spec's {@code postgresql://user:pass@host:port/db} URL,
 * translated into the JDBC URL and credentials that Quarkus datasources take.
 */
public record DatabaseUrl(String jdbcUrl, Optional<String> username, Optional<String> password) {

  /** Parses a {@code postgresql://}, {@code postgres://} or {@code jdbc:postgresql://} URL. */
  public static DatabaseUrl parse(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("DATABASE_URL is empty");
    }
    String url = value.trim();
    if (url.startsWith("jdbc:postgresql:")) {
      return new DatabaseUrl(url, Optional.empty(), Optional.empty());
    }
    if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
      // Never echo the value: it usually carries a password.
      throw new IllegalArgumentException(
          "DATABASE_URL must start with postgresql://, postgres:// or jdbc:postgresql://");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "DATABASE_URL is not a valid URL (special characters in the password must be"
              + " percent-encoded)");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new IllegalArgumentException("DATABASE_URL has no host");
    }
    String database = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
    if (database.isBlank()) {
      throw new IllegalArgumentException("DATABASE_URL has no database name after the host");
    }
    StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
    if (uri.getPort() > 0) {
      jdbc.append(':').append(uri.getPort());
    }
    jdbc.append('/').append(database);
    if (uri.getRawQuery() != null && !uri.getRawQuery().isBlank()) {
      jdbc.append('?').append(uri.getRawQuery());
    }
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      String rawUser = colon < 0 ? userInfo : userInfo.substring(0, colon);
      user = Optional.of(decode(rawUser)).filter(s -> !s.isEmpty());
      if (colon >= 0) {
        password = Optional.of(decode(userInfo.substring(colon + 1)));
      }
    }
    return new DatabaseUrl(jdbc.toString(), user, password);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "DatabaseUrl[" + jdbcUrl + ", user=" + username.orElse("") + "]";
  }
}
