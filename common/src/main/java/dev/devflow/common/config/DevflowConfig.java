package dev.devflow.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** Settings every DevFlow service shares, under {@code devflow.*}. */
@ConfigMapping(prefix = "devflow")
public interface DevflowConfig {

  /** Deployment mode: local, saas, onprem or dedicated ({@code DEVFLOW_MODE}). */
  @WithDefault("local")
  String mode();

  /** Name of this service, used for its migration set and history table. */
  String service();

  /** Tenant schemas handled by this service. */
  Tenants tenants();

  /** Tenant schema settings. */
  interface Tenants {
    /** Tenants whose schemas are migrated when the service starts. */
    @WithDefault("local")
    List<String> migrateAtStart();
  }

  /** The parsed deployment mode. */
  default DeploymentMode deploymentMode() {
    return DeploymentMode.parse(mode());
  }
}
