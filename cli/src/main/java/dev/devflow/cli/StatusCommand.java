package dev.devflow.cli;

import dev.devflow.cli.home.DevflowHome;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code devflow status}: one line per part, and exit code 0 only when everything is up. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show whether PostgreSQL and each service are running and ready.",
    footer = "Exit code: 0 when everything is up, 3 otherwise.")
public final class StatusCommand implements Callable<Integer> {

  static final int NOT_RUNNING = 3;
  private static final String ROW = "%-22s %-8s %-12s %s";

  @Spec private CommandSpec spec;

  private final DevflowHome home;
  private final Services services;
  private final ReadinessProbe probe;

  public StatusCommand(DevflowHome home, Services services, ReadinessProbe probe) {
    this.home = home;
    this.services = services;
    this.probe = probe;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Optional<ProcessHandle> supervisor = home.pidFile(DevflowHome.SUPERVISOR).liveProcess();
    row(out, "supervisor", state(supervisor), pid(supervisor), "");
    boolean databaseUp = printPostgres(out, supervisor.isPresent());
    boolean up = supervisor.isPresent() && databaseUp;
    // Ask all services at once: five one-second timeouts in a row would be slow to read.
    List<CompletableFuture<Boolean>> readiness = new ArrayList<>();
    for (Service service : services.all()) {
      readiness.add(probe.isReadyAsync(service));
    }
    for (int i = 0; i < services.all().size(); i++) {
      Service service = services.all().get(i);
      Optional<ProcessHandle> process = home.pidFile(service.name()).liveProcess();
      boolean ready = process.isPresent() && readiness.get(i).join();
      String answer = ready ? "  ready" : "  not ready";
      Optional<String> supervised =
          supervisor.isPresent() ? ServiceStates.read(home, service.name()) : Optional.empty();
      String detail =
          "port "
              + service.port()
              + (process.isPresent() ? answer : "")
              + supervised.filter(s -> !s.equals("running")).map(s -> "  (" + s + ")").orElse("");
      String state =
          supervised.filter(s -> s.startsWith("restarting")).isPresent() && process.isEmpty()
              ? "restarting"
              : supervised.filter(s -> s.startsWith("gave up")).isPresent()
                  ? "failed"
                  : state(process);
      row(out, service.name(), state, pid(process), detail);
      up &= ready;
    }
    return up ? 0 : NOT_RUNNING;
  }

  /** Prints the postgres line; true if the database the services use is there. */
  private boolean printPostgres(PrintWriter out, boolean supervised) {
    Postmaster postmaster = new Postmaster(home.postgresData());
    Optional<ProcessHandle> process = postmaster.process();
    boolean embedded = Files.exists(home.postgresPortFile());
    if (process.isEmpty() && supervised && !embedded && Files.exists(home.readyMarker())) {
      // Up and running without an embedded PostgreSQL: the supervisor was given DATABASE_URL.
      row(out, "postgres", "external", "", "DATABASE_URL");
      return true;
    }
    OptionalInt port = postmaster.port();
    String detail = process.isPresent() && port.isPresent() ? "port " + port.getAsInt() : "";
    row(out, "postgres", state(process), pid(process), detail);
    return process.isPresent();
  }

  private static void row(PrintWriter out, String part, String state, String pid, String detail) {
    out.println(String.format(ROW, part, state, pid, detail).stripTrailing());
  }

  private static String state(Optional<ProcessHandle> process) {
    return process.isPresent() ? "running" : "stopped";
  }

  private static String pid(Optional<ProcessHandle> process) {
    return process.map(p -> "pid " + p.pid()).orElse("");
  }
}
