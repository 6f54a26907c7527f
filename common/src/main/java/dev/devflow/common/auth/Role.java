package dev.devflow.common.auth;

import java.util.Locale;
import java.util.Optional;

/** What a user may do inside their tenant. */
public enum Role {
  ADMIN,
  MEMBER,
  VIEWER;

  /** Whether this role may change data (viewers only read). */
  public boolean canWrite() {
    return this != VIEWER;
  }

  public String claim() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> fromClaim(String value) {
    for (Role role : values()) {
      if (role.claim().equals(value)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
