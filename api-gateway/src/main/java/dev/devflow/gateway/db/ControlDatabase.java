package dev.devflow.gateway.db;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The control schema, reached two ways: as the runtime role {@code devflow_app} (every pooled
 * connection of the default datasource runs {@code SET ROLE devflow_app}), to which row-level
 * security applies; and as the owner, only for provisioning and tenant administration.
 */
@ApplicationScoped
public class ControlDatabase {

  /** Work done on one connection inside one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final AgroalDataSource runtime;
  private final AgroalDataSource owner;

  @Inject
  public ControlDatabase(AgroalDataSource runtime, @DataSource("owner") AgroalDataSource owner) {
    this.runtime = runtime;
    this.owner = owner;
  }

  /** Runs work as the runtime role with {@code app.current_tenant} set for this transaction. */
  public <T> T inTenant(UUID tenantId, Work<T> work) {
    return transaction(
        runtime,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT set_config('app.current_tenant', ?, true)")) {
            s.setString(1, tenantId.toString());
            s.execute();
          }
          return work.run(c);
        });
  }

  /** Runs work as the runtime role with no tenant: tenant-scoped rows are invisible. */
  public <T> T asRuntime(Work<T> work) {
    return transaction(runtime, work);
  }

  /** Runs work as the schema owner (provisioning, cross-tenant administration). */
  public <T> T asOwner(Work<T> work) {
    return transaction(owner, work);
  }

  private static <T> T transaction(AgroalDataSource dataSource, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  /** A database failure, surfaced as a 503 by the gateway's mappers. */
  public static class DatabaseException extends RuntimeException {
    public DatabaseException(SQLException cause) {
      super("control database unavailable", cause);
    }

    public String sqlState() {
      return getCause() instanceof SQLException s ? s.getSQLState() : null;
    }
  }
}
