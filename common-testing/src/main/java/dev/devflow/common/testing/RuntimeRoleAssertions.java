package dev.devflow.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.devflow.common.persistence.TenantMigrator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Checks that a service's requests run as the restricted runtime role: not the owner, no superuser,
 * no BYPASSRLS; full data access to every table of a tenant schema, but no DDL there, nothing on
 * Flyway's history, nothing in a schema it was not granted.
 */
public final class RuntimeRoleAssertions {

  private static final String PRIVATE_SCHEMA = "devflow_runtime_role_probe";

  private RuntimeRoleAssertions() {}

  /**
   * Runs every check against {@code schema} (a migrated tenant schema), connecting through the
   * service's default datasource ({@code runtime}) and its owner datasource.
   */
  public static void assertRestricted(DataSource runtime, DataSource owner, String schema)
      throws SQLException {
    List<String> tables = tables(owner, schema);
    assertThat(tables).as("tables of %s", schema).isNotEmpty();
    try (Connection c = runtime.getConnection();
        Statement s = c.createStatement()) {
      assertRuntimeRole(s);
      for (String table : tables) {
        assertDataAccess(s, schema + "." + table);
        assertDenied(s, "DROP TABLE " + schema + "." + table);
        assertDenied(s, "ALTER TABLE " + schema + "." + table + " ADD COLUMN probe TEXT");
        assertDenied(s, "TRUNCATE " + schema + "." + table);
        assertDenied(s, "CREATE INDEX ON " + schema + "." + table + " ((1))");
      }
      assertDenied(s, "CREATE TABLE " + schema + ".probe (id INT)");
      for (String history : historyTables(owner, schema)) {
        assertDenied(s, "SELECT count(*) FROM " + schema + "." + history);
        assertDenied(s, "DELETE FROM " + schema + "." + history);
      }
      assertDenied(s, "DROP SCHEMA " + schema + " CASCADE");
      assertDenied(s, "CREATE SCHEMA " + PRIVATE_SCHEMA + "_mine");
    }
    assertNoAccessWithoutGrant(runtime, owner);
  }

  private static void assertRuntimeRole(Statement s) throws SQLException {
    try (ResultSet rs =
        s.executeQuery(
            "SELECT current_user, r.rolsuper, r.rolbypassrls FROM pg_roles r"
                + " WHERE r.rolname = current_user")) {
      assertThat(rs.next()).as("current_user is a role").isTrue();
      assertThat(rs.getString(1)).isEqualTo(TenantMigrator.RUNTIME_ROLE);
      assertThat(rs.getBoolean(2)).as("superuser").isFalse();
      assertThat(rs.getBoolean(3)).as("bypasses row-level security").isFalse();
    }
    try (ResultSet rs =
        s.executeQuery(
            "SELECT count(*) FROM pg_class"
                + " WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)")) {
      rs.next();
      assertThat(rs.getLong(1)).as("relations owned by the runtime role").isZero();
    }
  }

  private static void assertDataAccess(Statement s, String table) throws SQLException {
    try (ResultSet rs =
        s.executeQuery(
            "SELECT has_table_privilege('"
                + table
                + "', 'SELECT'), has_table_privilege('"
                + table
                + "', 'INSERT'), has_table_privilege('"
                + table
                + "', 'UPDATE'), has_table_privilege('"
                + table
                + "', 'DELETE')")) {
      rs.next();
      for (int i = 1; i <= 4; i++) {
        assertThat(rs.getBoolean(i)).as("data access to %s (%d)", table, i).isTrue();
      }
    }
    s.executeQuery("SELECT * FROM " + table + " LIMIT 1").close();
  }

  private static void assertNoAccessWithoutGrant(DataSource runtime, DataSource owner)
      throws SQLException {
    try (Connection c = owner.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS " + PRIVATE_SCHEMA);
      s.execute("CREATE TABLE IF NOT EXISTS " + PRIVATE_SCHEMA + ".secrets (value TEXT)");
      s.execute("INSERT INTO " + PRIVATE_SCHEMA + ".secrets VALUES ('owner only')");
    }
    try (Connection c = runtime.getConnection();
        Statement s = c.createStatement()) {
      assertDenied(s, "SELECT * FROM " + PRIVATE_SCHEMA + ".secrets");
      assertDenied(s, "CREATE TABLE " + PRIVATE_SCHEMA + ".mine (id INT)");
    } finally {
      try (Connection c = owner.getConnection();
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + PRIVATE_SCHEMA + " CASCADE");
      }
    }
  }

  /** The statement must fail for lack of privilege (SQLSTATE 42501), not for any other reason. */
  private static void assertDenied(Statement s, String sql) {
    try {
      s.execute(sql);
      fail("the runtime role was allowed: " + sql);
    } catch (SQLException e) {
      assertThat(e.getSQLState()).as("%s: %s", sql, e.getMessage()).isEqualTo("42501");
    }
  }

  private static List<String> tables(DataSource owner, String schema) throws SQLException {
    return names(
        owner,
        "SELECT tablename FROM pg_tables WHERE schemaname = '"
            + schema
            + "' AND tablename NOT LIKE 'flyway\\_%\\_history' ORDER BY 1");
  }

  private static List<String> historyTables(DataSource owner, String schema) throws SQLException {
    List<String> history =
        names(
            owner,
            "SELECT tablename FROM pg_tables WHERE schemaname = '"
                + schema
                + "' AND tablename LIKE 'flyway\\_%\\_history' ORDER BY 1");
    assertThat(history).as("Flyway history tables of %s", schema).isNotEmpty();
    return history;
  }

  private static List<String> names(DataSource dataSource, String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }
}
