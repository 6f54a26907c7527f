package dev.devflow.common.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Translates the spec's environment variables ({@code DATABASE_URL}, {@code LOG_LEVEL}, {@code
 * DEVFLOW_LOG_FORMAT}, {@code DEVFLOW_MODE}, {@code OTEL_EXPORTER_OTLP_ENDPOINT}) into Quarkus
 * settings, in this one place.
 *
 * <p>Its ordinal sits above {@code application.properties} (250) and below real environment
 * variables (300) and system properties (400), so an explicit {@code QUARKUS_DATASOURCE_JDBC_URL}
 * still wins over {@code DATABASE_URL}.
 */
public class EnvironmentConfigSource implements ConfigSource {

  static final int ORDINAL = 275;

  private final Map<String, String> properties;

  public EnvironmentConfigSource() {
    this(System.getenv());
  }

  EnvironmentConfigSource(Map<String, String> env) {
    this.properties = Collections.unmodifiableMap(translate(env));
  }

  static Map<String, String> translate(Map<String, String> env) {
    Map<String, String> out = new HashMap<>();
    String databaseUrl = env.get("DATABASE_URL");
    if (databaseUrl != null && !databaseUrl.isBlank()) {
      DatabaseUrl parsed = DatabaseUrl.parse(databaseUrl);
      out.put("quarkus.datasource.jdbc.url", parsed.jdbcUrl());
      parsed.username().ifPresent(u -> out.put("quarkus.datasource.username", u));
      parsed.password().ifPresent(p -> out.put("quarkus.datasource.password", p));
    }
    String logLevel = env.get("LOG_LEVEL");
    if (logLevel != null && !logLevel.isBlank()) {
      out.put("quarkus.log.level", normaliseLevel(logLevel));
    }
    String logFormat = env.get("DEVFLOW_LOG_FORMAT");
    if (logFormat != null && !logFormat.isBlank()) {
      out.put(
          "quarkus.log.console.json.enabled",
          Boolean.toString("json".equalsIgnoreCase(logFormat.trim())));
    }
    // The api-gateway signs internal tokens with the private key; every service verifies them.
    copy(env, "DEVFLOW_JWT_PUBLIC_KEY", "mp.jwt.verify.publickey", out);
    copy(env, "DEVFLOW_JWT_PRIVATE_KEY", "smallrye.jwt.sign.key", out);
    String mode = env.get("DEVFLOW_MODE");
    if (mode != null && !mode.isBlank()) {
      out.put("devflow.mode", DeploymentMode.parse(mode).name().toLowerCase(Locale.ROOT));
    }
    // Traces leave the process only when a collector is named; otherwise the SDK stays off
    // instead of logging export failures against localhost:4317 forever.
    String otlp = env.get("OTEL_EXPORTER_OTLP_ENDPOINT");
    if (otlp != null && !otlp.isBlank()) {
      out.put("quarkus.otel.exporter.otlp.endpoint", otlp.trim());
      out.put("quarkus.otel.sdk.disabled", "false");
    } else {
      out.put("quarkus.otel.sdk.disabled", "true");
    }
    return out;
  }

  private static void copy(
      Map<String, String> env, String variable, String property, Map<String, String> out) {
    String value = env.get(variable);
    if (value != null && !value.isBlank()) {
      out.put(property, value.trim());
    }
  }

  private static String normaliseLevel(String level) {
    String upper = level.trim().toUpperCase(Locale.ROOT);
    return switch (upper) {
      case "WARNING" -> "WARN";
      case "CRITICAL", "FATAL" -> "ERROR";
      default -> upper;
    };
  }

  @Override
  public Map<String, String> getProperties() {
    return properties;
  }

  @Override
  public Set<String> getPropertyNames() {
    return properties.keySet();
  }

  @Override
  public String getValue(String propertyName) {
    return properties.get(propertyName);
  }

  @Override
  public String getName() {
    return "devflow-environment";
  }

  @Override
  public int getOrdinal() {
    return ORDINAL;
  }
}
