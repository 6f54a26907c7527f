package dev.devflow.integrations.provider;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The services a tenant can connect. */
public enum Provider {
  GITHUB,
  ATLASSIAN;

  /** The provider's name in URLs and JSON. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The provider named in a URL; an unknown one is a 404 naming the known ones. */
  public static Provider parse(String raw) {
    for (Provider p : values()) {
      if (p.id().equals(raw)) {
        return p;
      }
    }
    throw new ProblemException(
        ProblemType.NOT_FOUND,
        "Unknown provider '"
            + (raw == null ? "" : raw.replaceAll("[^A-Za-z0-9_-]", "?"))
            + "'; DevFlow connects "
            + Arrays.stream(values()).map(Provider::id).collect(Collectors.joining(" and "))
            + ".",
        "provider");
  }
}
