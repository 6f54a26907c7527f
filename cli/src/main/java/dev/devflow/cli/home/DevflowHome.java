package dev.devflow.cli.home;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The files DevFlow keeps under {@code ~/.devflow} (or {@code $DEVFLOW_HOME}). */
public final class DevflowHome {

  /** The name under which the {@code up} supervisor's own pid and log are kept. */
  public static final String SUPERVISOR = "devflow";

  private final Path root;

  public DevflowHome(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** {@code $DEVFLOW_HOME} if set, else {@code ~/.devflow}. */
  public static DevflowHome from(Map<String, String> env) {
    String override = env.get("DEVFLOW_HOME");
    if (override != null && !override.isBlank()) {
      return new DevflowHome(Path.of(override));
    }
    return new DevflowHome(Path.of(System.getProperty("user.home"), ".devflow"));
  }

  public Path root() {
    return root;
  }

  public Path postgresData() {
    return root.resolve("postgres");
  }

  /** Where {@code devflow backup} writes unless told otherwise. */
  public Path backups() {
    return root.resolve("backups");
  }

  /** The knowledge hub's data (its search index), rebuilt from PostgreSQL when missing. */
  public Path knowledgeHubData() {
    return root.resolve("data").resolve("knowledge-hub");
  }

  /** The agents' git worktrees. */
  public Path worktrees() {
    return root.resolve("worktrees");
  }

  public Path logs() {
    return root.resolve("logs");
  }

  public Path log(String name) {
    return logs().resolve(name + ".log");
  }

  public Path run() {
    return root.resolve("run");
  }

  public PidFile pidFile(String name) {
    return new PidFile(run().resolve(name + ".pid"));
  }

  public Path postgresPortFile() {
    return run().resolve("postgres.port");
  }

  /** Written by the supervisor once every service is ready; a detaching {@code up} waits on it. */
  public Path readyMarker() {
    return run().resolve("ready");
  }

  /**
   * Written by {@code devflow down} before it stops anything: a supervisor it could not signal (or
   * that sees a service go before its signal arrives) must not restart what down stopped.
   */
  public Path downMarker() {
    return run().resolve("down-requested");
  }

  public void createDirectories() {
    try {
      Files.createDirectories(logs());
      Files.createDirectories(run());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + root, e);
    }
  }

  /** A path as the user would type it: {@code ~/.devflow/logs/x.log} rather than the full path. */
  public static String display(Path path) {
    Path home = Path.of(System.getProperty("user.home")).toAbsolutePath();
    Path absolute = path.toAbsolutePath();
    return absolute.startsWith(home) ? "~/" + home.relativize(absolute) : absolute.toString();
  }
}
