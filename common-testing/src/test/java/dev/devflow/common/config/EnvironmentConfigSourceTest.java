package dev.devflow.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentConfigSourceTest {

  @Test
  void databaseUrlBecomesTheDatasourceSettings() {
    var source =
        new EnvironmentConfigSource(Map.of("DATABASE_URL", "postgresql://a:b@pg:5432/devflow"));

    assertThat(source.getValue("quarkus.datasource.jdbc.url"))
        .isEqualTo("jdbc:postgresql://pg:5432/devflow");
    assertThat(source.getValue("quarkus.datasource.username")).isEqualTo("a");
    assertThat(source.getValue("quarkus.datasource.password")).isEqualTo("b");
  }

  @Test
  void withoutDatabaseUrlThePlainQuarkusSettingsApply() {
    var source = new EnvironmentConfigSource(Map.of());

    assertThat(source.getPropertyNames()).doesNotContain("quarkus.datasource.jdbc.url");
  }

  @Test
  void sitsBetweenApplicationPropertiesAndEnvironment() {
    assertThat(new EnvironmentConfigSource(Map.of()).getOrdinal()).isBetween(251, 299);
  }

  @Test
  void logLevelAndJsonFormat() {
    var source =
        new EnvironmentConfigSource(Map.of("LOG_LEVEL", "warning", "DEVFLOW_LOG_FORMAT", "json"));

    assertThat(source.getValue("quarkus.log.level")).isEqualTo("WARN");
    assertThat(source.getValue("quarkus.log.console.json.enabled")).isEqualTo("true");
    assertThat(
            new EnvironmentConfigSource(Map.of("DEVFLOW_LOG_FORMAT", "text"))
                .getValue("quarkus.log.console.json.enabled"))
        .isEqualTo("false");
  }

  @Test
  void tracesAreExportedOnlyWhenACollectorIsNamed() {
    assertThat(new EnvironmentConfigSource(Map.of()).getValue("quarkus.otel.sdk.disabled"))
        .isEqualTo("true");
    var source =
        new EnvironmentConfigSource(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel:4317"));
    assertThat(source.getValue("quarkus.otel.sdk.disabled")).isEqualTo("false");
    assertThat(source.getValue("quarkus.otel.exporter.otlp.endpoint"))
        .isEqualTo("http://otel:4317");
  }

  @Test
  void modeIsValidated() {
    assertThat(
            new EnvironmentConfigSource(Map.of("DEVFLOW_MODE", "OnPrem")).getValue("devflow.mode"))
        .isEqualTo("onprem");
    assertThatThrownBy(() -> new EnvironmentConfigSource(Map.of("DEVFLOW_MODE", "cloud")))
        .hasMessageContaining("local, saas, onprem, dedicated");
  }
}
