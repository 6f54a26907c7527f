package dev.devflow.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

  @Test
  void translatesTheSpecsFormIntoJdbcAndCredentials() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://devflow:s3cret@postgres:5432/devflow");

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://postgres:5432/devflow");
    assertThat(url.username()).contains("devflow");
    assertThat(url.password()).contains("s3cret");
  }

  @Test
  void decodesPercentEncodedPasswordsAndKeepsQueryParameters() {
    DatabaseUrl url =
        DatabaseUrl.parse(
            "postgres://app%40corp:p%40ss%2Fw+rd@db.internal/devflow?sslmode=require");

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal/devflow?sslmode=require");
    assertThat(url.username()).contains("app@corp");
    assertThat(url.password()).contains("p@ss/w+rd");
  }

  @Test
  void passesJdbcUrlsThrough() {
    DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://localhost:5433/x");

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5433/x");
    assertThat(url.username()).isEmpty();
  }

  @Test
  void refusesOtherSchemesWithoutEchoingTheSecret() {
    assertThatThrownBy(() -> DatabaseUrl.parse("mysql://root:hunter2@db/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("postgresql://")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void refusesAUrlWithoutDatabase() {
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:p@host:5432/"))
        .hasMessageContaining("no database name");
  }

  @Test
  void toStringNeverShowsThePassword() {
    assertThat(DatabaseUrl.parse("postgresql://u:hunter2@h/d").toString())
        .doesNotContain("hunter2");
  }
}
