package dev.devflow.cli;

import dev.devflow.cli.home.DevflowHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the supervisor says about each service beyond its pid ({@code run/<service>.state}):
 * running, restarting after an exit, restarted so many times, given up on. {@code devflow status}
 * shows it.
 */
final class ServiceStates {

  private ServiceStates() {}

  static void write(DevflowHome home, String service, String state) {
    try {
      Files.createDirectories(home.run());
      Files.writeString(file(home, service), state);
    } catch (IOException e) {
      // status shows less, nothing more
    }
  }

  static Optional<String> read(DevflowHome home, String service) {
    try {
      Path file = file(home, service);
      return Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static void clear(DevflowHome home, String service) {
    try {
      Files.deleteIfExists(file(home, service));
    } catch (IOException e) {
      // a stale state is overwritten at the next start
    }
  }

  private static Path file(DevflowHome home, String service) {
    return home.run().resolve(service + ".state");
  }
}
