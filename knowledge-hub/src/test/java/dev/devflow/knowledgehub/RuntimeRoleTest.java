package dev.devflow.knowledgehub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.tenant.TenantSlug;
import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.common.testing.RuntimeRoleAssertions;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Requests run as the restricted role devflow_app: not the tables' owner, no BYPASSRLS, no DDL (an
 * injected DROP or ALTER fails); the owner datasource only migrates. The rest of the suite passing
 * as devflow_app is what proves its grants are complete.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
class RuntimeRoleTest {

  @Inject TenantSql db;
  @Inject AgroalDataSource runtime;

  @Inject
  @DataSource("owner")
  AgroalDataSource owner;

  @Test
  void theServicesOwnQueriesRunAsTheRuntimeRole() {
    assertThat(
            db.one(TenantSlug.of("local"), "SELECT current_user", rs -> rs.getString(1))
                .orElseThrow())
        .isEqualTo("devflow_app");
  }

  @Test
  void theRuntimeRoleUsesEveryTableButCannotReshapeTheSchema() throws SQLException {
    RuntimeRoleAssertions.assertRestricted(runtime, owner, "tenant_local");
  }
}
