package dev.devflow.cli;

import dev.devflow.cli.home.DevflowHome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/** What {@code up} checks before starting anything, so a problem leaves nothing half-started. */
public final class Preflight {

  private static final int CONNECT_TIMEOUT_MILLIS = 200;

  private final DevflowHome home;
  private final Services services;

  public Preflight(DevflowHome home, Services services) {
    this.home = home;
    this.services = services;
  }

  /**
   * The first problem as the one line to print, or empty when {@code up} may go ahead. {@code
   * postgresPort} is given only when {@code up} is to start the embedded PostgreSQL.
   */
  public Optional<String> check(OptionalInt postgresPort) {
    long self = ProcessHandle.current().pid();
    Optional<ProcessHandle> supervisor =
        home.pidFile(DevflowHome.SUPERVISOR).liveProcess().filter(p -> p.pid() != self);
    if (supervisor.isPresent()) {
      return Optional.of(
          "devflow: DevFlow is already running (pid "
              + supervisor.get().pid()
              + "); see 'devflow status', or stop it with 'devflow down'");
    }
    for (Path artifact : services.artifacts()) {
      if (!Files.isRegularFile(artifact)) {
        return Optional.of(
            "devflow: "
                + artifact
                + " is missing; build DevFlow with './mvnw -B -DskipTests install'");
      }
    }
    for (Service service : services.all()) {
      if (!isFree(service.port())) {
        return Optional.of(busy(service.port(), service.name()));
      }
    }
    return postgresPort.isPresent() ? checkPostgres(postgresPort.getAsInt()) : Optional.empty();
  }

  private Optional<String> checkPostgres(int port) {
    Optional<ProcessHandle> orphan = new Postmaster(home.postgresData()).process();
    if (orphan.isPresent()) {
      return Optional.of(
          "devflow: PostgreSQL from an earlier run is still running (pid "
              + orphan.get().pid()
              + "); stop it with 'devflow down'");
    }
    return isFree(port) ? Optional.empty() : Optional.of(busy(port, "postgres"));
  }

  private static String busy(int port, String name) {
    return "devflow: port "
        + port
        + " ("
        + name
        + ") is already in use; stop what holds it or run 'devflow down'";
  }

  /**
   * Free means both that it can be bound on all interfaces, as the services bind it, and that
   * nothing answers on loopback: with SO_REUSEADDR some systems (macOS) let the wildcard bind
   * succeed while a listener holds the port on 127.0.0.1.
   */
  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(port));
    } catch (IOException e) {
      return false;
    }
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MILLIS);
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
