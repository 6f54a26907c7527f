package dev.devflow.cli;

import dev.devflow.cli.home.DevflowHome;
import dev.devflow.cli.home.EmbeddedDatabase;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code devflow up}: start PostgreSQL and the five services, and wait until all are ready. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = "Start PostgreSQL and the DevFlow services, and wait until all are ready.")
public final class UpCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = {"-d", "--detach"},
      description = "Run in the background; stop it with 'devflow down'.")
  private boolean detach;

  @Option(
      names = "--pg-port",
      paramLabel = "<port>",
      defaultValue = "" + EmbeddedDatabase.DEFAULT_PORT,
      description = "Port of the embedded PostgreSQL (default: ${DEFAULT-VALUE}).")
  private int postgresPort;

  @Option(
      names = "--timeout",
      paramLabel = "<seconds>",
      defaultValue = "120",
      description = "Seconds to wait for every service to be ready (default: ${DEFAULT-VALUE}).")
  private int timeoutSeconds;

  // Set by a detaching up on the supervisor it starts, so times count from the user's command.
  @Option(names = "--started-at", hidden = true)
  private Long startedAtMillis;

  @Option(names = "--background", hidden = true)
  private boolean background;

  private final DevflowHome home;
  private final Services services;
  private final Map<String, String> env;
  private final Path repo;

  public UpCommand(DevflowHome home, Services services, Map<String, String> env, Path repo) {
    this.home = home;
    this.services = services;
    this.env = env;
    this.repo = repo;
  }

  @Override
  public Integer call() throws Exception {
    Instant start = startedAtMillis == null ? Instant.now() : Instant.ofEpochMilli(startedAtMillis);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<String> externalDatabase =
        Optional.ofNullable(env.get("DATABASE_URL")).filter(url -> !url.isBlank());
    boolean embedded = externalDatabase.isEmpty() && services.anyNeedsDatabase();
    Optional<String> problem =
        new Preflight(home, services)
            .check(embedded ? OptionalInt.of(postgresPort) : OptionalInt.empty());
    if (problem.isPresent()) {
      err.println(problem.get());
      return 1;
    }
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    if (detach) {
      return new Detacher(home, repo, out, err).detach(supervisorArguments(start), timeout);
    }
    Supervisor supervisor = new Supervisor(services, home, new ReadinessProbe(), out);
    return new LocalRun(home, services, supervisor, out, err, !background)
        .run(start, timeout, externalDatabase, postgresPort);
  }

  private List<String> supervisorArguments(Instant start) {
    List<String> arguments = new ArrayList<>();
    arguments.addAll(List.of("--pg-port", Integer.toString(postgresPort)));
    arguments.addAll(List.of("--timeout", Integer.toString(timeoutSeconds)));
    arguments.addAll(List.of("--started-at", Long.toString(start.toEpochMilli())));
    arguments.add("--background");
    return arguments;
  }
}
