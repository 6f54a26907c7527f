package dev.devflow.cli;

import dev.devflow.cli.home.DevflowHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code devflow down}: stop the services and PostgreSQL, whoever started them. */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description = "Stop the DevFlow services and PostgreSQL.")
public final class DownCommand implements Callable<Integer> {

  /** The supervisor stops the services (up to 15 s) and then PostgreSQL before it exits. */
  static final Duration SUPERVISOR_GRACE = Duration.ofSeconds(30);

  @Spec private CommandSpec spec;

  private final DevflowHome home;
  private final Services services;

  public DownCommand(DevflowHome home, Services services) {
    this.home = home;
    this.services = services;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Postmaster postmaster = new Postmaster(home.postgresData());
    Map<String, ProcessHandle> running = runningParts(postmaster);
    Optional<ProcessHandle> supervisor = home.pidFile(DevflowHome.SUPERVISOR).liveProcess();
    if (running.isEmpty() && supervisor.isEmpty()) {
      cleanUp();
      out.println("DevFlow is not running.");
      return 0;
    }
    out.println("Stopping DevFlow...");
    out.flush();
    markDown();
    // The supervisor's signal handler stops its services and then PostgreSQL, in that order.
    supervisor.ifPresent(this::stopSupervisor);
    // Whatever is still alive outlived its supervisor (crashed, killed, or stuck): stop it here.
    for (Service service : services.all()) {
      home.pidFile(service.name())
          .liveProcess()
          .ifPresent(p -> Processes.stop(p, Supervisor.STOP_GRACE));
    }
    postmaster.stop();
    running.forEach((name, process) -> out.printf("  stopped %s (pid %d)%n", name, process.pid()));
    supervisor.ifPresent(p -> out.printf("  stopped the supervisor (pid %d)%n", p.pid()));
    cleanUp();
    out.println("DevFlow is down.");
    return 0;
  }

  private void markDown() {
    try {
      java.nio.file.Files.createDirectories(home.downMarker().getParent());
      java.nio.file.Files.writeString(home.downMarker(), java.time.Instant.now() + "\n");
    } catch (java.io.IOException e) {
      // the supervisor's signal handler still stops it from restarting anything
    }
  }

  private Map<String, ProcessHandle> runningParts(Postmaster postmaster) {
    Map<String, ProcessHandle> running = new LinkedHashMap<>();
    for (Service service : services.all()) {
      home.pidFile(service.name()).liveProcess().ifPresent(p -> running.put(service.name(), p));
    }
    postmaster.process().ifPresent(p -> running.put("postgres", p));
    return running;
  }

  private void stopSupervisor(ProcessHandle supervisor) {
    if (!Processes.stop(supervisor, SUPERVISOR_GRACE)) {
      spec.commandLine()
          .getErr()
          .printf(
              "devflow: the supervisor (pid %d) did not stop within %d s and was killed%n",
              supervisor.pid(), SUPERVISOR_GRACE.toSeconds());
    }
  }

  private void cleanUp() {
    for (Service service : services.all()) {
      home.pidFile(service.name()).delete();
    }
    home.pidFile(DevflowHome.SUPERVISOR).delete();
    try {
      Files.deleteIfExists(home.readyMarker());
      Files.deleteIfExists(home.postgresPortFile());
    } catch (IOException e) {
      // Only status and a detaching up read these, and both check the processes too.
    }
  }
}
