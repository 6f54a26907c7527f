package dev.devflow.common.config;

import java.util.Locale;

/** The spec's deployment modes, chosen with {@code DEVFLOW_MODE}. */
public enum DeploymentMode {
  /** One developer on a laptop: one tenant, {@code local}, and no login. */
  LOCAL,
  SAAS,
  ONPREM,
  DEDICATED;

  /** Whether requests must carry credentials and a tenant. */
  public boolean isMultiTenant() {
    return this != LOCAL;
  }

  /** Parses the value of {@code DEVFLOW_MODE}, case-insensitively. */
  public static DeploymentMode parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT).replace("-", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "DEVFLOW_MODE must be one of local, saas, onprem, dedicated (was '" + value + "')");
    }
  }
}
