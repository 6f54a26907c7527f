package dev.devflow.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** Notes of the supervisor in a service's own log, between the service's lines. */
final class ServiceLog {

  private ServiceLog() {}

  static void append(Path log, String line) {
    try {
      Files.writeString(
          log,
          LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + line + System.lineSeparator(),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      // the note also went to the supervisor's own output
    }
  }
}
