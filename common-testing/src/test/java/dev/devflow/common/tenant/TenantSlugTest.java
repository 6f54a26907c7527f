package dev.devflow.common.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.problem.ProblemException;
import org.junit.jupiter.api.Test;

class TenantSlugTest {

  @Test
  void schemaIsPrefixedSlug() {
    assertThat(TenantSlug.schemaOf("acme_corp")).isEqualTo("tenant_acme_corp");
    assertThat(TenantSlug.schemaOf(TenantSlug.LOCAL)).isEqualTo("tenant_local");
  }

  @Test
  void refusesAnythingThatCouldEscapeAnIdentifier() {
    for (String bad :
        new String[] {
          null, "", "ab", "Acme", "1acme", "acme-corp", "acme;drop", "a\"b", "x".repeat(41)
        }) {
      assertThat(TenantSlug.isValid(bad)).as(String.valueOf(bad)).isFalse();
    }
    assertThatThrownBy(() -> TenantSlug.schemaOf("acme; DROP SCHEMA x"))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("lowercase letter");
  }

  @Test
  void aSlugValueHasPassedTheCheck() {
    TenantSlug acme = TenantSlug.of("acme_corp");
    assertThat(acme.value()).isEqualTo("acme_corp");
    assertThat(acme.schema()).isEqualTo("tenant_acme_corp");
    assertThat(acme).isEqualTo(TenantSlug.of("acme_corp")).isNotEqualTo(TenantSlug.of("acme"));
    assertThatThrownBy(() -> TenantSlug.of("acme\"; DROP SCHEMA x"))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("lowercase letter");
  }

  @Test
  void sqlNamesOnlyTheSlugsSchema() {
    assertThat(
            TenantSql.qualify(
                TenantSlug.of("acme"), "SELECT * FROM {schema}.sources JOIN {schema}.documents"))
        .isEqualTo("SELECT * FROM tenant_acme.sources JOIN tenant_acme.documents");
  }
}
