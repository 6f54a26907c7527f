package dev.devflow.integrations.db;

import dev.devflow.common.tenant.TenantSlug;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Thin JDBC access to a tenant's schema. Tables are qualified with the schema built by {@link
 * TenantSlug#schemaOf}, never from unchecked input, so a query of tenant A cannot read tenant B's
 * rows; inside a JTA transaction Agroal hands every call the transaction's connection.
 */
@ApplicationScoped
public class Sql {

  private final AgroalDataSource dataSource;

  public Sql(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Replaces every {@code {t}} in the statement with the tenant's schema name. */
  public static String in(String tenant, String statement) {
    return statement.replace("{t}", TenantSlug.schemaOf(tenant));
  }

  /** A row mapper that may throw SQL exceptions. */
  @FunctionalInterface
  public interface Rows<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** A statement callback that may throw SQL exceptions. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  public <T> T with(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new IllegalStateException("Database call failed: " + e.getMessage(), e);
    }
  }

  public <T> List<T> list(String tenant, String statement, Rows<T> rows, Object... args) {
    return with(
        c -> {
          try (PreparedStatement ps = prepare(c, in(tenant, statement), args);
              ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
              out.add(rows.map(rs));
            }
            return out;
          }
        });
  }

  public <T> Optional<T> one(String tenant, String statement, Rows<T> rows, Object... args) {
    List<T> all = list(tenant, statement, rows, args);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  public int update(String tenant, String statement, Object... args) {
    return with(
        c -> {
          try (PreparedStatement ps = prepare(c, in(tenant, statement), args)) {
            return ps.executeUpdate();
          }
        });
  }

  private static PreparedStatement prepare(Connection c, String statement, Object... args)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(statement);
    for (int i = 0; i < args.length; i++) {
      if (args[i] == null) {
        ps.setNull(i + 1, java.sql.Types.OTHER);
      } else if (args[i] instanceof java.time.Instant instant) {
        ps.setObject(i + 1, java.time.OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC));
      } else {
        ps.setObject(i + 1, args[i]);
      }
    }
    return ps;
  }

  /** Reads a timestamp column as an Instant (null stays null). */
  public static java.time.Instant instant(ResultSet rs, String column) throws SQLException {
    java.time.OffsetDateTime t = rs.getObject(column, java.time.OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
