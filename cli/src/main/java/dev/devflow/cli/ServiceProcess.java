package dev.devflow.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** One running service JVM, with its output going to its own log file. */
public final class ServiceProcess {

  private final Service service;
  private final Process process;
  private final Path log;

  private ServiceProcess(Service service, Process process, Path log) {
    this.service = service;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code service} with this CLI's environment plus {@code sharedEnv} (DEVFLOW_MODE,
   * DATABASE_URL) and its own port and settings.
   */
  public static ServiceProcess start(Service service, Map<String, String> sharedEnv, Path log)
      throws IOException {
    return start(service, sharedEnv, log, false);
  }

  /** As {@link #start(Service, Map, Path)}; a restart appends to the log instead of starting it. */
  static ServiceProcess start(
      Service service, Map<String, String> sharedEnv, Path log, boolean appendLog)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(service.command())
            .redirectErrorStream(true)
            .redirectOutput(
                appendLog
                    ? ProcessBuilder.Redirect.appendTo(log.toFile())
                    : ProcessBuilder.Redirect.to(log.toFile()));
    Map<String, String> env = builder.environment();
    env.putAll(sharedEnv);
    if (!service.needsDatabase()) {
      env.remove("DATABASE_URL");
    }
    env.put("QUARKUS_HTTP_PORT", Integer.toString(service.port()));
    // Local mode has no login: nothing but this machine may reach it.
    env.putIfAbsent("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.putAll(service.env());
    Process process = builder.start();
    // Nothing is ever typed into a service: give it end-of-input rather than an open pipe.
    process.getOutputStream().close();
    return new ServiceProcess(service, process, log);
  }

  public Service service() {
    return service;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code; only meaningful once {@link #isAlive()} is false. */
  public int exitCode() {
    return process.exitValue();
  }

  /** Sends SIGTERM, which Quarkus answers with a graceful shutdown. */
  void requestStop() {
    process.destroy();
  }

  /** Waits for the exit asked for by {@link #requestStop()}, killing the JVM if it overstays. */
  void finishStop(Duration grace) {
    Processes.stop(process.toHandle(), grace);
  }
}
