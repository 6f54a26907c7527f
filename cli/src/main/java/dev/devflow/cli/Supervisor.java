package dev.devflow.cli;

import dev.devflow.cli.home.DevflowHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Starts the services, waits until each answers ready, watches them, restarts one that exits on its
 * own (backing off, giving up after a few tries in a row), and stops them all. A service that
 * {@code devflow down} stopped is never restarted.
 */
public final class Supervisor {

  static final Duration POLL = Duration.ofMillis(250);
  static final Duration STOP_GRACE = Duration.ofSeconds(15);

  /** Restarts in a row before giving up on a service. */
  static final int MAX_RESTARTS = 5;

  /** A service that stays up this long is doing fine again: its count of restarts starts over. */
  static final Duration STABLE = Duration.ofSeconds(60);

  private Duration firstBackoff = Duration.ofSeconds(1);
  private Map<String, String> sharedEnv = Map.of();
  private final Map<String, Restarts> restarts = new LinkedHashMap<>();

  /** How a service has fared: restarts in a row, and when it last started. */
  private static final class Restarts {
    int inARow;
    int total;
    Instant started = Instant.now();
    Instant due;
    boolean gaveUp;
  }

  private final Services services;
  private final DevflowHome home;
  private final ReadinessProbe probe;
  private final PrintWriter out;
  private final List<ServiceProcess> started = new ArrayList<>();
  private boolean stopped;

  public Supervisor(Services services, DevflowHome home, ReadinessProbe probe, PrintWriter out) {
    this.services = services;
    this.home = home;
    this.probe = probe;
    this.out = out;
  }

  /** Starts every service in the table; refuses once {@link #stop()} has begun. */
  public synchronized void start(Map<String, String> sharedEnv) throws IOException {
    this.sharedEnv = Map.copyOf(sharedEnv);
    home.createDirectories();
    for (Service service : services.all()) {
      if (stopped) {
        throw new IllegalStateException("DevFlow is stopping");
      }
      ServiceProcess process = ServiceProcess.start(service, sharedEnv, home.log(service.name()));
      started.add(process);
      restarts.put(service.name(), new Restarts());
      home.pidFile(service.name()).write(process.pid());
      ServiceStates.write(home, service.name(), "running");
    }
  }

  /** Tests: how long the first restart waits (it doubles with each restart in a row). */
  void firstBackoff(Duration backoff) {
    this.firstBackoff = backoff;
  }

  /**
   * Polls every service until all are ready, printing each as it becomes ready. Returns the failure
   * report if one exits first or {@code timeout} (counted from {@code start}) passes.
   */
  public Optional<String> awaitReady(Instant start, Duration timeout) {
    Set<ServiceProcess> pending = new LinkedHashSet<>(snapshot());
    Instant deadline = start.plus(timeout);
    while (!pending.isEmpty()) {
      for (ServiceProcess process : pending) {
        if (!process.isAlive()) {
          return Optional.of(failure(process, "exit code " + process.exitCode()));
        }
      }
      // Probe all at once so one slow answer does not delay noticing the others.
      Map<ServiceProcess, CompletableFuture<Boolean>> probes = new LinkedHashMap<>();
      pending.forEach(process -> probes.put(process, probe.isReadyAsync(process.service())));
      probes.forEach(
          (process, ready) -> {
            if (ready.join()) {
              pending.remove(process);
              Duration took = Duration.between(start, Instant.now());
              out.printf(
                  "  %-22s ready in %s%n", process.service().name(), Processes.seconds(took));
            }
          });
      if (!pending.isEmpty() && Instant.now().isAfter(deadline)) {
        String reason = "not ready after " + timeout.toSeconds() + " s";
        return Optional.of(failure(pending.iterator().next(), reason));
      }
      Processes.sleep(POLL);
    }
    return Optional.empty();
  }

  private static String failure(ServiceProcess process, String reason) {
    return LogTail.failure(process.service().name(), reason, process.log());
  }

  /**
   * Blocks while DevFlow runs, restarting any service that exits on its own: after 1 s, then 2, 4,
   * 8 and 16 s while it keeps exiting, giving up after {@link #MAX_RESTARTS} in a row. Returns once
   * {@link #stop()} was called, or when every service has exited and been given up on.
   */
  public void watch(PrintWriter err) {
    while (!isStopped()) {
      if (!tick(err)) {
        return;
      }
      Processes.sleep(Duration.ofMillis(200));
    }
  }

  /** One look at every service; false once none runs nor will be restarted. */
  synchronized boolean tick(PrintWriter err) {
    boolean anyAlive = false;
    for (int i = 0; i < started.size(); i++) {
      ServiceProcess process = started.get(i);
      Restarts r = restarts.get(process.service().name());
      if (process.isAlive()) {
        anyAlive = true;
        if (r.inARow > 0 && Duration.between(r.started, Instant.now()).compareTo(STABLE) > 0) {
          r.inARow = 0;
          ServiceStates.write(home, process.service().name(), "running");
        }
        continue;
      }
      if (r.gaveUp || stopped || java.nio.file.Files.exists(home.downMarker())) {
        continue; // devflow down stopped it
      }
      if (r.due == null) {
        noteExit(process, r, err);
      }
      if (r.gaveUp) {
        continue;
      }
      anyAlive = true;
      if (!Instant.now().isBefore(r.due)) {
        started.set(i, restart(process, r, err));
      }
    }
    return anyAlive;
  }

  private void noteExit(ServiceProcess process, Restarts r, PrintWriter err) {
    String name = process.service().name();
    if (r.inARow >= MAX_RESTARTS) {
      r.gaveUp = true;
      String why =
          "exited (exit code " + process.exitCode() + ") " + MAX_RESTARTS + " times in a row";
      err.printf(
          "devflow: %s %s; not restarting it again. See %s, then 'devflow down' and 'devflow up'.%n",
          name, why, DevflowHome.display(process.log()));
      ServiceLog.append(process.log(), "devflow: gave up on " + name + ": it " + why + ".");
      ServiceStates.write(home, name, "gave up: " + why);
      home.pidFile(name).delete();
      return;
    }
    Duration wait = firstBackoff.multipliedBy(1L << r.inARow);
    r.due = Instant.now().plus(wait);
    String what =
        name
            + " exited on its own (exit code "
            + process.exitCode()
            + "); restarting it in "
            + Processes.seconds(wait)
            + " (restart "
            + (r.inARow + 1)
            + " of at most "
            + MAX_RESTARTS
            + " in a row)";
    err.printf("devflow: %s; see %s%n", what, DevflowHome.display(process.log()));
    ServiceLog.append(process.log(), "devflow: " + what + ".");
    ServiceStates.write(home, name, "restarting: exited with code " + process.exitCode());
  }

  private ServiceProcess restart(ServiceProcess old, Restarts r, PrintWriter err) {
    String name = old.service().name();
    try {
      ServiceProcess fresh = ServiceProcess.start(old.service(), sharedEnv, old.log(), true);
      r.inARow++;
      r.total++;
      r.started = Instant.now();
      r.due = null;
      home.pidFile(name).write(fresh.pid());
      ServiceStates.write(
          home, name, "running (restarted " + r.total + (r.total == 1 ? " time)" : " times)"));
      out.printf("  restarted %s (pid %d)%n", name, fresh.pid());
      out.flush();
      return fresh;
    } catch (IOException e) {
      err.printf("devflow: could not restart %s: %s%n", name, e.getMessage());
      r.inARow++;
      r.due = Instant.now().plus(firstBackoff.multipliedBy(1L << Math.min(r.inARow, 5)));
      return old;
    }
  }

  /**
   * Stops every started service: SIGTERM to all at once so they shut down in parallel, then up to
   * {@link #STOP_GRACE} before any overstaying JVM is killed.
   */
  public synchronized void stop() {
    stopped = true;
    List<ServiceProcess> running = started.stream().filter(ServiceProcess::isAlive).toList();
    running.forEach(ServiceProcess::requestStop);
    Instant deadline = Instant.now().plus(STOP_GRACE);
    for (ServiceProcess process : started) {
      process.finishStop(Duration.between(Instant.now(), deadline));
      home.pidFile(process.service().name()).delete();
      ServiceStates.clear(home, process.service().name());
      if (running.contains(process)) {
        out.printf("  stopped %s (pid %d)%n", process.service().name(), process.pid());
      }
    }
    started.clear();
  }

  public synchronized boolean isStopped() {
    return stopped;
  }

  /** The services started so far, each with its pid and log. */
  public synchronized List<ServiceProcess> snapshot() {
    return List.copyOf(started);
  }
}
