package dev.devflow.cli;

import dev.devflow.cli.home.DevflowHome;
import dev.devflow.cli.home.EmbeddedDatabase;
import dev.devflow.cli.home.PidFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** One foreground {@code up}: PostgreSQL, then the services, until a signal stops them in order. */
final class LocalRun {

  private final DevflowHome home;
  private final Services services;
  private final Supervisor supervisor;
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean foreground;
  private EmbeddedDatabase database;
  private boolean stopped;

  LocalRun(
      DevflowHome home,
      Services services,
      Supervisor supervisor,
      PrintWriter out,
      PrintWriter err,
      boolean foreground) {
    this.home = home;
    this.services = services;
    this.supervisor = supervisor;
    this.out = out;
    this.err = err;
    this.foreground = foreground;
  }

  /**
   * Starts everything and blocks until stopped; returns the exit code. Uses {@code
   * externalDatabaseUrl} if given, else starts the embedded PostgreSQL on {@code postgresPort}.
   */
  int run(Instant start, Duration timeout, Optional<String> externalDatabaseUrl, int postgresPort) {
    prepare();
    try {
      Map<String, String> env = new HashMap<>();
      env.put("DEVFLOW_MODE", "local");
      // Everything of one DEVFLOW_HOME stays under it (a second home must not share an index).
      putUnlessSet(env, "DEVFLOW_KNOWLEDGE_HUB_DATA_DIR", home.knowledgeHubData().toString());
      putUnlessSet(env, "DEVFLOW_WORKFLOW_ENGINE_WORKTREES_ROOT", home.worktrees().toString());
      // One tmux server per agent, its socket here: tmux -S <dir>/<session> attach shows one.
      putUnlessSet(
          env, "DEVFLOW_WORKFLOW_ENGINE_TMUX_SOCKET_DIR", home.root().resolve("tmux").toString());
      String shownDatabase = "external (DATABASE_URL)";
      if (externalDatabaseUrl.isPresent()) {
        env.put("DATABASE_URL", externalDatabaseUrl.get());
      } else if (services.anyNeedsDatabase()) {
        shownDatabase = startDatabase(postgresPort, start);
        env.put("DATABASE_URL", shownDatabase);
      }
      supervisor.start(env);
      Optional<String> failure = supervisor.awaitReady(start, timeout);
      if (failure.isPresent()) {
        return fail(failure.get());
      }
      announceReady(start, shownDatabase);
      supervisor.watch(err);
      // Back here without a stop request means every service exited on its own.
      boolean requested = isStopped();
      stop();
      return requested ? 0 : 1;
    } catch (StartFailure e) {
      return fail(e.getMessage());
    } catch (IOException | RuntimeException e) {
      return fail("devflow: " + e.getMessage());
    }
  }

  private static void putUnlessSet(Map<String, String> env, String name, String value) {
    if (System.getenv(name) == null) {
      env.put(name, value);
    }
  }

  private void prepare() {
    home.createDirectories();
    home.pidFile(DevflowHome.SUPERVISOR).write(ProcessHandle.current().pid());
    deleteQuietly(home);
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "devflow-stop"));
    Signals.onTermination(this::stop, !foreground);
  }

  private void announceReady(Instant start, String shownDatabase) throws IOException {
    UpSummary.print(out, services, home, shownDatabase, Duration.between(start, Instant.now()));
    if (foreground) {
      out.println("Press Ctrl-C to stop DevFlow.");
    }
    // Last, so that a detaching up which sees it has the whole summary in the log to relay.
    Files.writeString(home.readyMarker(), Instant.now() + "\n");
  }

  private String startDatabase(int port, Instant start) throws StartFailure {
    EmbeddedDatabase started;
    try {
      started = EmbeddedDatabase.start(home, port);
    } catch (IOException | RuntimeException e) {
      throw new StartFailure(LogTail.failure("postgres", e.getMessage(), home.log("postgres")));
    }
    synchronized (this) {
      database = started;
    }
    if (isStopped()) {
      // A stop raced with the start: it may have missed the database, so close it here.
      closeDatabase();
      throw new IllegalStateException("DevFlow is stopping");
    }
    writeQuietly(port);
    Duration took = Duration.between(start, Instant.now());
    out.printf("  %-22s ready in %s%n", "postgres", Processes.seconds(took));
    return started.url();
  }

  private int fail(String message) {
    if (!isStopped()) {
      err.println(message);
      err.flush();
    }
    stop();
    return 1;
  }

  /** Stops the services, then PostgreSQL; safe to call from any thread, any number of times. */
  synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    out.println("Stopping DevFlow...");
    supervisor.stop();
    closeDatabase();
    deleteQuietly(home);
    PidFile pid = home.pidFile(DevflowHome.SUPERVISOR);
    if (pid.read().orElse(-1) == ProcessHandle.current().pid()) {
      pid.delete();
    }
    out.flush();
  }

  private synchronized void closeDatabase() {
    if (database == null) {
      return;
    }
    try {
      database.close();
      out.printf("  stopped postgres%n");
    } catch (IOException e) {
      err.println("devflow: could not stop PostgreSQL: " + e.getMessage());
    }
    database = null;
  }

  synchronized boolean isStopped() {
    return stopped;
  }

  private void writeQuietly(int port) {
    try {
      Files.writeString(home.postgresPortFile(), port + "\n");
    } catch (IOException e) {
      // Only status reads it, and status falls back to postmaster.pid.
    }
  }

  private static void deleteQuietly(DevflowHome home) {
    try {
      Files.deleteIfExists(home.readyMarker());
      Files.deleteIfExists(home.postgresPortFile());
      Files.deleteIfExists(home.downMarker());
    } catch (IOException e) {
      // Stale markers only matter to a detaching up, which deletes them itself first.
    }
  }

  /** A start-up failure whose message is already the full report to print. */
  private static final class StartFailure extends Exception {
    StartFailure(String report) {
      super(report);
    }
  }
}
