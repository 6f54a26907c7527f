package dev.devflow.cli;

import dev.devflow.cli.home.DevflowHome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code up --detach}: starts the supervisor as a background JVM, relays its log until ready. */
// The supervisor must outlive this command to keep the embedded PostgreSQL running, hence a second
// JVM doing a foreground up; this one exits once everything is ready.
final class Detacher {

  /** Time allowed on top of the services' timeout, for starting PostgreSQL. */
  static final Duration MARGIN = Duration.ofSeconds(60);

  private static final Duration CHILD_STOP_GRACE = Duration.ofSeconds(30);

  private final DevflowHome home;
  private final Path repo;
  private final PrintWriter out;
  private final PrintWriter err;
  private boolean sawError;
  private boolean inError;

  Detacher(DevflowHome home, Path repo, PrintWriter out, PrintWriter err) {
    this.home = home;
    this.repo = repo;
    this.out = out;
    this.err = err;
  }

  /** Starts the background supervisor with {@code upArguments} and returns the exit code. */
  int detach(List<String> upArguments, Duration timeout) throws IOException {
    home.createDirectories();
    Files.deleteIfExists(home.readyMarker());
    Path log = home.log(DevflowHome.SUPERVISOR);
    ProcessBuilder builder =
        new ProcessBuilder(command(upArguments))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    builder.environment().put("DEVFLOW_HOME", home.root().toString());
    Process child = builder.start();
    child.getOutputStream().close();
    home.pidFile(DevflowHome.SUPERVISOR).write(child.pid());
    try (BufferedReader reader = Files.newBufferedReader(log)) {
      return follow(child, reader, Instant.now().plus(timeout).plus(MARGIN), timeout.plus(MARGIN));
    }
  }

  private int follow(Process child, BufferedReader log, Instant deadline, Duration allowed)
      throws IOException {
    while (true) {
      relay(log);
      if (Files.exists(home.readyMarker())) {
        relay(log);
        out.printf(
            "DevFlow runs in the background (pid %d); stop it with 'devflow down'.%n", child.pid());
        return 0;
      }
      if (!child.isAlive()) {
        relay(log);
        if (!sawError) {
          err.printf(
              "devflow: DevFlow stopped during start-up (exit code %d); see %s%n",
              child.exitValue(), DevflowHome.display(home.log(DevflowHome.SUPERVISOR)));
        }
        return 1;
      }
      if (Instant.now().isAfter(deadline)) {
        Processes.stop(child.toHandle(), CHILD_STOP_GRACE);
        relay(log);
        err.printf(
            "devflow: DevFlow did not come up within %d s; see %s%n",
            allowed.toSeconds(), DevflowHome.display(home.logs()));
        return 1;
      }
      Processes.sleep(Supervisor.POLL);
    }
  }

  /**
   * Copies what the supervisor logged since the last call, so the user sees progress live; its
   * error reports (a {@code devflow:} line and the indented log tail under it) go to stderr.
   */
  private void relay(BufferedReader log) throws IOException {
    String line;
    while ((line = log.readLine()) != null) {
      inError = line.startsWith("devflow: ") || (inError && line.startsWith("    "));
      sawError |= inError;
      (inError ? err : out).println(line);
    }
    out.flush();
    err.flush();
  }

  private List<String> command(List<String> upArguments) {
    List<String> command = new ArrayList<>();
    command.add(Services.javaBinary());
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
    command.add("-Xmx128m");
    command.add("-D" + DevflowCommand.REPO_PROPERTY + "=" + repo);
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(DevflowCommand.class.getName());
    command.add("up");
    command.addAll(upArguments);
    return command;
  }
}
