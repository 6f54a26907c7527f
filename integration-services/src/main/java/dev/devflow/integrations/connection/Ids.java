package dev.devflow.integrations.connection;

import dev.devflow.common.problem.ProblemException;
import java.util.UUID;

/** Ids in paths: a malformed one is a 404 (nothing can live there), never a 500. */
public final class Ids {

  private Ids() {}

  public static UUID parse(String raw, String what) {
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ProblemException.notFound(
          "No " + what + " " + (raw == null ? "" : raw.replaceAll("[^A-Za-z0-9-]", "?")) + ".");
    }
  }
}
