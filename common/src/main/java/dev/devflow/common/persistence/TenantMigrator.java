package dev.devflow.common.persistence;

import dev.devflow.common.config.DevflowConfig;
import dev.devflow.common.tenant.TenantSlug;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

/**
 * Runs Flyway migrations into a tenant's schema: first the fleet's shared set ({@code
 * db/tenant/common}), then this service's own ({@code db/tenant/<service>}), each with its own
 * history table so the services can share one schema without stepping on each other.
 *
 * <p>Idempotent, and safe under concurrent callers in this JVM and in other processes: a PostgreSQL
 * advisory lock per schema serialises them.
 */
@ApplicationScoped
public class TenantMigrator {

  /** The migration set every service applies, holding the tables they share (events). */
  public static final String COMMON_SET = "common";

  /** Name of the datasource that connects as the schema owner, where there is one. */
  public static final String OWNER_DATASOURCE = "owner";

  private static final Logger LOG = Logger.getLogger(TenantMigrator.class);
  private static final int LOCK_NAMESPACE = 0x0DEF10;

  private final AgroalDataSource dataSource;
  private final DevflowConfig config;
  private final ConcurrentMap<String, Object> jvmLocks = new ConcurrentHashMap<>();

  /**
   * Migrations run as the schema owner: through the datasource named {@value #OWNER_DATASOURCE}
   * where a service has one (its default datasource then acts as a restricted runtime role),
   * otherwise through the default datasource.
   */
  @Inject
  public TenantMigrator(@Any Instance<AgroalDataSource> dataSources, DevflowConfig config) {
    Instance<AgroalDataSource> owner =
        dataSources.select(new DataSource.DataSourceLiteral(OWNER_DATASOURCE));
    this.dataSource =
        owner.isResolvable() ? owner.get() : dataSources.select(Default.Literal.INSTANCE).get();
    this.config = config;
  }

  /**
   * Brings the tenant's schema up to date, creating it if needed.
   *
   * @return the number of migrations applied now (0 when already current)
   */
  public int migrate(String slug) {
    String schema = TenantSlug.schemaOf(slug);
    synchronized (jvmLocks.computeIfAbsent(schema, s -> new Object())) {
      try (Connection lock = dataSource.getConnection()) {
        setLock(lock, "pg_advisory_lock", schema);
        try {
          int applied = run(COMMON_SET, schema);
          if (!COMMON_SET.equals(config.service())) {
            applied += run(config.service(), schema);
          }
          return applied;
        } finally {
          setLock(lock, "pg_advisory_unlock", schema);
        }
      } catch (SQLException e) {
        throw new IllegalStateException("Could not migrate schema " + schema, e);
      }
    }
  }

  /** The Flyway history table of a migration set: {@code flyway_<set>_history}. */
  public static String historyTable(String set) {
    return "flyway_" + set.replace('-', '_') + "_history";
  }

  private int run(String set, String schema) {
    ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
    if (classLoader.getResource("db/tenant/" + set) == null) {
      return 0; // this service keeps no tables of its own in tenant schemas (yet)
    }
    Flyway flyway =
        Flyway.configure(classLoader)
            .dataSource(dataSource)
            .schemas(schema)
            .defaultSchema(schema)
            .createSchemas(true)
            .table(historyTable(set))
            .locations("classpath:db/tenant/" + set)
            // The schema is shared: a set arriving after another finds it non-empty.
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .cleanDisabled(true)
            .load();
    MigrateResult result = flyway.migrate();
    if (result.migrationsExecuted > 0) {
      LOG.infof(
          "Applied %d %s migration(s) to %s, now at version %s",
          result.migrationsExecuted, set, schema, result.targetSchemaVersion);
    }
    return result.migrationsExecuted;
  }

  private static void setLock(Connection connection, String function, String schema)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT " + function + "(?, hashtext(?))")) {
      statement.setInt(1, LOCK_NAMESPACE);
      statement.setString(2, schema);
      statement.execute();
    }
  }
}
