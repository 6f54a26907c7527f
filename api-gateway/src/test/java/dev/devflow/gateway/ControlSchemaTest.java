package dev.devflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.common.testing.PostgresTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class ControlSchemaTest {

  /** The owner: the runtime role may not insert tenants. */
  @Inject
  @io.quarkus.agroal.DataSource("owner")
  AgroalDataSource dataSource;

  @Test
  void theControlSchemaHoldsTheLocalTenant() throws SQLException {
    try (Connection c = dataSource.getConnection();
        ResultSet rs =
            c.createStatement()
                .executeQuery("select slug, status from devflow.tenants order by slug")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString("slug")).isEqualTo("local");
      assertThat(rs.getString("status")).isEqualTo("active");
      assertThat(rs.next()).isFalse();
    }
  }

  @Test
  void theLocalTenantsSchemaIsMigrated() throws SQLException {
    try (Connection c = dataSource.getConnection();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "select count(*) from information_schema.tables"
                        + " where table_schema = 'tenant_local' and table_name = 'events'")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void aSlugThatCouldEscapeAnIdentifierIsRefusedByTheDatabaseToo() {
    try (Connection c = dataSource.getConnection()) {
      c.createStatement()
          .executeUpdate("insert into devflow.tenants (slug, name) values ('Bad-Slug', 'x')");
      throw new AssertionError("the check constraint let a bad slug in");
    } catch (SQLException e) {
      assertThat(e.getSQLState()).isEqualTo("23514");
    }
  }
}
