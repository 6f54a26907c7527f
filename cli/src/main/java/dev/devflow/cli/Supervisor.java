package dev.devflow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Starts the services, waits until each answers ready, watches them, and stops them all. */
public final class Supervisor {

  static final Duration POLL = Duration.ofMillis(250);
  static final Duration STOP_GRACE = Duration.ofSeconds(15);

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
    home.createDirectories();
    for (Service service : services.all()) {
      if (stopped) {
        throw new IllegalStateException("DevFlow is stopping");
      }
      ServiceProcess process = ServiceProcess.start(service, sharedEnv, home.log(service.name()));
      started.add(process);
      home.pidFile(service.name()).write(process.pid());
    }
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
   * Blocks while DevFlow runs, reporting any service that exits on its own. Returns once {@link
   * #stop()} was called, or when every service has exited.
   */
  public void watch(PrintWriter err) {
    Set<ServiceProcess> reported = new HashSet<>();
    while (!isStopped()) {
      List<ServiceProcess> processes = snapshot();
      for (ServiceProcess process : processes) {
        if (!process.isAlive() && reported.add(process) && !isStopped()) {
          err.printf(
              "devflow: %s exited (exit code %d); see %s%n",
              process.service().name(), process.exitCode(), DevflowHome.display(process.log()));
        }
      }
      if (reported.size() == processes.size()) {
        return;
      }
      Processes.sleep(Duration.ofSeconds(1));
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
