package dev.devflow.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The PostgreSQL server running on a data directory, found through its {@code postmaster.pid}. */
final class Postmaster {

  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(15);

  private final Path dataDirectory;

  Postmaster(Path dataDirectory) {
    this.dataDirectory = dataDirectory;
  }

  /** The live postmaster, if the pid file names one (PostgreSQL leaves the file after a crash). */
  Optional<ProcessHandle> process() {
    List<String> lines = pidFileLines();
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    try {
      return ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
          .filter(ProcessHandle::isAlive)
          .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(true));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The port, from the fourth line of {@code postmaster.pid}. */
  OptionalInt port() {
    List<String> lines = pidFileLines();
    try {
      return lines.size() < 4
          ? OptionalInt.empty()
          : OptionalInt.of(Integer.parseInt(lines.get(3).trim()));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  /**
   * Stops the postmaster with SIGTERM, PostgreSQL's "smart" shutdown: it waits only for open
   * sessions, and the services that held them are gone by the time this runs.
   */
  Optional<Long> stop() {
    Optional<ProcessHandle> process = process();
    process.ifPresent(p -> Processes.stop(p, SHUTDOWN_GRACE));
    return process.map(ProcessHandle::pid);
  }

  private List<String> pidFileLines() {
    try {
      return Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
    } catch (IOException e) {
      return List.of();
    }
  }
}
