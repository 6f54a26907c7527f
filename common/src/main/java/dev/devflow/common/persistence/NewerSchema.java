package dev.devflow.common.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Refuses to run an older DevFlow on a database a newer one has migrated. Flyway by default just
 * ignores migrations it does not know ("future" ones), so an image rolled back after an upgrade
 * would start and write into tables shaped for code it does not have. Migrations only go forward:
 * the way back is the backup taken before the upgrade.
 */
public final class NewerSchema {

  /** The database was migrated by a later release than this one. */
  public static final class Refused extends IllegalStateException {
    Refused(String message) {
      super(message);
    }
  }

  private NewerSchema() {}

  /** Throws when {@code flyway}'s history holds applied migrations this build does not know. */
  public static void refuse(Flyway flyway, String what) {
    MigrationInfoService info = flyway.info();
    Optional<MigrationInfo> newest =
        Arrays.stream(info.applied())
            .filter(
                m ->
                    m.getState() == MigrationState.FUTURE_SUCCESS
                        || m.getState() == MigrationState.FUTURE_FAILED)
            .filter(m -> m.getVersion() != null)
            .max(Comparator.comparing(MigrationInfo::getVersion));
    if (newest.isEmpty()) {
      return;
    }
    String known =
        Arrays.stream(info.all())
            .filter(m -> m.getVersion() != null && m.getState() != MigrationState.FUTURE_SUCCESS)
            .filter(m -> m.getState() != MigrationState.FUTURE_FAILED)
            .map(m -> m.getVersion().getVersion())
            .reduce((a, b) -> b)
            .orElse("none");
    throw refused(
        what, newest.get().getVersion().getVersion(), newest.get().getDescription(), known);
  }

  /** The migrations this build knows of one set: the newest version and how to name it. */
  public record Known(MigrationVersion newest, String name) {

    /**
     * Read from Flyway's own resolution of the set's files (once per set: it scans the class path
     * and asks the database).
     */
    public static Known of(Flyway flyway) {
      Optional<MigrationInfo> newest =
          Arrays.stream(flyway.info().all())
              .filter(m -> m.getVersion() != null)
              .filter(m -> m.getState() != MigrationState.FUTURE_SUCCESS)
              .filter(m -> m.getState() != MigrationState.FUTURE_FAILED)
              .max(Comparator.comparing(MigrationInfo::getVersion));
      return newest
          .map(m -> new Known(m.getVersion(), m.getVersion().getVersion()))
          .orElse(new Known(MigrationVersion.EMPTY, "none"));
    }
  }

  /**
   * Throws when the history table {@code table} (schema-qualified) records a successful migration
   * newer than {@code known}: the same check as {@link #refuse(Flyway, String)}, read straight from
   * the table, without Flyway's schema inspection.
   */
  public static void refuse(Connection connection, String table, Known known, String what)
      throws SQLException {
    MigrationVersion newest = null;
    String description = null;
    try (PreparedStatement statement =
            connection.prepareStatement(
                "SELECT version, description FROM " + table + " WHERE version IS NOT NULL");
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        MigrationVersion version = MigrationVersion.fromVersion(rs.getString(1));
        if (version.compareTo(known.newest()) > 0
            && (newest == null || version.compareTo(newest) > 0)) {
          newest = version;
          description = rs.getString(2);
        }
      }
    }
    if (newest != null) {
      throw refused(what, newest.getVersion(), description, known.name());
    }
  }

  private static Refused refused(String what, String version, String description, String known) {
    String release =
        ConfigProvider.getConfig()
            .getOptionalValue("quarkus.application.version", String.class)
            .orElse("unknown");
    return new Refused(
        "The database is newer than this DevFlow: "
            + what
            + " is at migration "
            + version
            + " ("
            + description
            + "), but DevFlow "
            + release
            + " knows migrations up to "
            + known
            + ". A later release migrated it; start that release (or a newer one). Migrations"
            + " only go forward: to go back, restore the backup taken before the upgrade.");
  }
}
