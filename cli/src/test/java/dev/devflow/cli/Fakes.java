package dev.devflow.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Service tables of {@link FakeService} processes on free ports, for the tests. */
final class Fakes {

  private Fakes() {}

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A service that becomes ready {@code delayMillis} after it starts. */
  static Service ready(String name, int port, boolean needsDatabase, long delayMillis) {
    return new Service(
        name, port, needsDatabase, command("ready", Long.toString(delayMillis)), Map.of());
  }

  /** A service that exits with code 1 before it is ever ready. */
  static Service failing(String name, int port) {
    return new Service(name, port, true, command("fail"), Map.of());
  }

  static Services table(Service... services) {
    return new Services(List.of(services), List.of());
  }

  private static List<String> command(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Services.javaBinary());
    command.addAll(List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    command.addAll(List.of("-cp", testClasses().toString(), FakeService.class.getName()));
    command.addAll(List.of(arguments));
    return command;
  }

  private static Path testClasses() {
    try {
      return Path.of(FakeService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts {@link FakeService} outside any supervisor, as a crashed one would leave it. */
  static Process startOrphan(int port) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command("ready", "0"));
    builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
    return builder
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }
}
