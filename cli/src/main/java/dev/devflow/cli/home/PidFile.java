package dev.devflow.cli.home;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/** A pid kept in a file under {@code run/}, and the live process it still names, if any. */
public record PidFile(Path path) {

  public OptionalLong read() {
    try {
      return OptionalLong.of(Long.parseLong(Files.readString(path).trim()));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  public void write(long pid) {
    try {
      Files.createDirectories(path.getParent());
      Files.writeString(path, pid + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  public void delete() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // A stale pid file is harmless: readers check that the process is alive.
    }
  }

  /**
   * The process if it is alive and still a JVM: pids are reused, and a stale file must never make
   * {@code down} signal an unrelated process.
   */
  public Optional<ProcessHandle> liveProcess() {
    OptionalLong pid = read();
    if (pid.isEmpty()) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid.getAsLong())
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.contains("java")).orElse(true));
  }
}
