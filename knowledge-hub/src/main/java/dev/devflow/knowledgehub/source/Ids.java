package dev.devflow.knowledgehub.source;

import dev.devflow.common.problem.ProblemException;
import java.util.UUID;

/** Parses ids from paths: anything that is not a UUID names no source, hence a 404. */
public final class Ids {

  private Ids() {}

  public static UUID parse(String raw, String what) {
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound("No " + what + " " + raw + ".");
    }
  }
}
