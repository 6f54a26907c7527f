package dev.devflow.common.persistence;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;

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
    String release =
        ConfigProvider.getConfig()
            .getOptionalValue("quarkus.application.version", String.class)
            .orElse("unknown");
    throw new Refused(
        "The database is newer than this DevFlow: "
            + what
            + " is at migration "
            + newest.get().getVersion().getVersion()
            + " ("
            + newest.get().getDescription()
            + "), but DevFlow "
            + release
            + " knows migrations up to "
            + known
            + ". A later release migrated it; start that release (or a newer one). Migrations"
            + " only go forward: to go back, restore the backup taken before the upgrade.");
  }
}
