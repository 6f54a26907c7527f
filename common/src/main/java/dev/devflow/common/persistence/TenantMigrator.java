package dev.devflow.common.persistence;

import dev.devflow.common.config.DevflowConfig;
import dev.devflow.common.problem.ProblemException;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
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

  /**
   * The restricted role services act as at runtime: created, and granted data access to each tenant
   * schema, by the common set (V2); not the owner, no BYPASSRLS.
   */
  public static final String RUNTIME_ROLE = "devflow_app";

  // History tables the runtime role holds any privilege on (a table created after the common set's
  // default privileges receives them). CASE: the role may not exist yet on an old schema.
  private static final String OPEN_HISTORY_TABLES =
      "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c"
          + " JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = ? AND c.relkind = 'r' AND c.relname LIKE 'flyway\\_%\\_history'"
          + " AND CASE WHEN to_regrole('"
          + RUNTIME_ROLE
          + "') IS NULL THEN false ELSE has_table_privilege('"
          + RUNTIME_ROLE
          + "', c.oid, 'SELECT,INSERT,UPDATE,DELETE,TRUNCATE,REFERENCES,TRIGGER') END";

  private static final Logger LOG = Logger.getLogger(TenantMigrator.class);
  private static final int LOCK_NAMESPACE = 0x0DEF10;

  // A migration holds up to three of the pool's connections at once (the advisory lock's, and
  // Flyway's own two). More migrations in flight than the pool has room for starved each other
  // until the pool's acquisition timeout: with the default pool of 5, six tenants provisioned at
  // once failed with 500s. They now wait their turn instead, up to a bound below the gateway's
  // 60 s call timeout, and only then are told to come back (503 with Retry-After).
  private static final int CONNECTIONS_PER_MIGRATION = 3;
  private static final long QUEUE_SECONDS = 40;

  private final AgroalDataSource dataSource;
  private final DevflowConfig config;
  private final ConcurrentMap<String, Object> jvmLocks = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, NewerSchema.Known> known = new ConcurrentHashMap<>();
  private final Semaphore inFlight;

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
    this.inFlight = new Semaphore(slots(owner.isResolvable() ? OWNER_DATASOURCE : null), true);
  }

  /** How many migrations the pool has connections for at once (at least one). */
  static int slots(String dataSourceName) {
    String key =
        "quarkus.datasource."
            + (dataSourceName == null ? "" : dataSourceName + ".")
            + "jdbc.max-size";
    int poolSize =
        ConfigProvider.getConfig().getOptionalValue(key, Integer.class).orElse(20); // Agroal's
    return Math.max(1, poolSize / CONNECTIONS_PER_MIGRATION);
  }

  /**
   * Brings the tenant's schema up to date, creating it if needed.
   *
   * @return the number of migrations applied now (0 when already current)
   */
  public int migrate(String slug) {
    String schema = TenantSlug.schemaOf(slug);
    synchronized (jvmLocks.computeIfAbsent(schema, s -> new Object())) {
      awaitSlot(schema);
      try (Connection lock = dataSource.getConnection()) {
        setLock(lock, "pg_advisory_lock", schema);
        try {
          int applied = run(lock, COMMON_SET, schema);
          if (!COMMON_SET.equals(config.service())) {
            applied += run(lock, config.service(), schema);
          }
          closeHistoryTables(lock, schema);
          return applied;
        } finally {
          setLock(lock, "pg_advisory_unlock", schema);
        }
      } catch (SQLException e) {
        throw new IllegalStateException("Could not migrate schema " + schema, e);
      } finally {
        inFlight.release();
      }
    }
  }

  private void awaitSlot(String schema) {
    try {
      if (inFlight.tryAcquire(QUEUE_SECONDS, TimeUnit.SECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw ProblemException.unavailable(
        "Too many tenant schemas are being migrated at once; "
            + schema
            + " was not started. Try again shortly.",
        5);
  }

  /** Slugs of the tenant schemas that exist in the database, in order. */
  public List<String> existingTenants() {
    List<String> slugs = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT substr(nspname, 8) FROM pg_namespace WHERE nspname LIKE 'tenant\\_%'"
                    + " ORDER BY 1");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        if (TenantSlug.isValid(rs.getString(1))) {
          slugs.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not list tenant schemas", e);
    }
    return slugs;
  }

  /** The Flyway history table of a migration set: {@code flyway_<set>_history}. */
  public static String historyTable(String set) {
    return "flyway_" + set.replace('-', '_') + "_history";
  }

  private int run(Connection connection, String set, String schema) throws SQLException {
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
    // Flyway's info() and its baseline-on-migrate both ask whether the schema is empty with a
    // query over the catalogue rows of every schema (pg_class, pg_type, pg_proc joined to
    // pg_depend): 90-140 ms at 1,000 tenant schemas, several times per tenant and service, which
    // made provisioning slower with every tenant. The newer-schema check reads the history table
    // instead, and a set new to an existing schema is baselined explicitly, which asks nothing.
    if (exists(connection, schema + "." + historyTable(set))) {
      NewerSchema.refuse(
          connection,
          schema + "." + historyTable(set),
          known.computeIfAbsent(set, s -> NewerSchema.Known.of(flyway)),
          "schema " + schema + " (" + set + " migrations)");
    } else if (exists(connection, schema)) {
      flyway.baseline();
    }
    MigrateResult result = flyway.migrate();
    if (result.migrationsExecuted > 0) {
      LOG.infof(
          "Applied %d %s migration(s) to %s, now at version %s",
          result.migrationsExecuted, set, schema, result.targetSchemaVersion);
    }
    return result.migrationsExecuted;
  }

  /** Whether a schema ({@code name}) or a table ({@code schema.name}) exists; no catalogue scan. */
  private static boolean exists(Connection connection, String name) throws SQLException {
    String sql =
        name.contains(".")
            ? "SELECT to_regclass(?) IS NOT NULL"
            : "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, name);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  /** Takes back whatever the runtime role was granted on Flyway's history tables by default. */
  private static void closeHistoryTables(Connection connection, String schema) throws SQLException {
    List<String> open = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(OPEN_HISTORY_TABLES)) {
      statement.setString(1, schema);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          open.add(rs.getString(1));
        }
      }
    }
    for (String table : open) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("REVOKE ALL ON " + table + " FROM " + RUNTIME_ROLE);
      }
    }
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
