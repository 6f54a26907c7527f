package dev.devflow.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole DevFlow stack as a user starts it ({@code ./devflow up --detach}: embedded PostgreSQL,
 * every service, the gateway on 127.0.0.1:3737 in local mode), started once per test JVM and
 * stopped with {@code ./devflow down} when the JVM exits. Its DEVFLOW_HOME is a temporary
 * directory, removed afterwards. Every end-to-end test shares it through {@link #get()} (or the
 * {@link WithDevflowStack} extension); only one stack can run on a machine at a time.
 */
public final class DevflowStack {

  /** The gateway's address in local mode. */
  public static final String BASE_URL = "http://127.0.0.1:3737";

  private static final List<String> SERVICES =
      List.of(
          "knowledge-hub", "workflow-engine", "mcp-gateway", "integration-services", "api-gateway");
  private static DevflowStack instance;
  private static RuntimeException failure;

  private static final Pattern DATABASE = Pattern.compile("PostgreSQL\\s+(postgresql://\\S+)");

  private final Path repo;
  private final Path home;
  private final Duration startup;
  private final String databaseUrl;

  private DevflowStack(Path repo, Path home, Duration startup, String databaseUrl) {
    this.repo = repo;
    this.home = home;
    this.startup = startup;
    this.databaseUrl = databaseUrl;
  }

  /** The running stack, starting it on first use. */
  public static synchronized DevflowStack get() {
    // A stack that failed to start fails every test class the same way instead of retrying.
    if (failure != null) {
      throw new IllegalStateException("the DevFlow stack did not start", failure);
    }
    if (instance == null) {
      try {
        instance = start(checkout());
      } catch (RuntimeException e) {
        failure = e;
        throw e;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "devflow-e2e-down"));
    }
    return instance;
  }

  public String baseUrl() {
    return BASE_URL;
  }

  /** The checkout the stack runs from. */
  public Path repo() {
    return repo;
  }

  /** How long {@code devflow up} took. */
  public Duration startup() {
    return startup;
  }

  /** The stack's DEVFLOW_HOME, for other devflow commands (create-admin...). */
  public Path home() {
    return home;
  }

  /** The database the stack runs on, as devflow up announced it. */
  public String databaseUrl() {
    return databaseUrl;
  }

  /** Runs {@code ./devflow <args>} against this stack. */
  public Commands.Result devflow(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("./devflow"));
    command.addAll(List.of(args));
    return Commands.run(
        repo,
        command,
        Map.of("DEVFLOW_HOME", home.toString()),
        Duration.ofSeconds(60),
        "devflow " + args[0]);
  }

  /** Where the services write their logs (copied to e2e/target/stack-logs when it stops). */
  public Path logs() {
    return home.resolve("logs");
  }

  static Path checkout() {
    return Path.of(System.getProperty("devflow.repo", "..")).toAbsolutePath().normalize();
  }

  private static DevflowStack start(Path repo) {
    requireBuilt(repo);
    try {
      Path home = Files.createTempDirectory("devflow-e2e-home");
      long started = System.nanoTime();
      Commands.Result up =
          Commands.run(
              repo,
              List.of("./devflow", "up", "--detach", "--timeout", "180"),
              Map.of(
                  "DEVFLOW_HOME",
                  home.toString(),
                  // A Guardian that looks every 2 s and calls a permission prompt blocked after 4
                  // s,
                  // so the end-to-end tests see it act in seconds, not minutes.
                  "DEVFLOW_WORKFLOW_ENGINE_GUARDIAN_INTERVAL",
                  "2s",
                  "DEVFLOW_WORKFLOW_ENGINE_GUARDIAN_GRACE_PERIOD",
                  "3s",
                  "DEVFLOW_WORKFLOW_ENGINE_GUARDIAN_WAITING_AFTER",
                  "4s",
                  "DEVFLOW_WORKFLOW_ENGINE_CAPTURE_INTERVAL",
                  "1s"),
              Duration.ofSeconds(200),
              "devflow up");
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      if (up.exitCode() != 0) {
        down(repo, home);
        throw new IllegalStateException(
            "devflow up failed (exit " + up.exitCode() + "):\n" + up.output());
      }
      System.out.printf("e2e: devflow up took %.1f s%n", took.toMillis() / 1000.0);
      Matcher database = DATABASE.matcher(up.output());
      return new DevflowStack(repo, home, took, database.find() ? database.group(1) : null);
    } catch (IOException e) {
      throw new IllegalStateException("Could not create a DEVFLOW_HOME", e);
    }
  }

  // devflow would otherwise build the whole reactor on its own, which is not what a test should do.
  private static void requireBuilt(Path repo) {
    for (String service : SERVICES) {
      Path jar = repo.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            jar
                + " is missing: the e2e tests run after every module is packaged (./mvnw -B verify).");
      }
    }
    if (!Files.isRegularFile(repo.resolve("cli/target/devflow-cli.jar"))) {
      throw new IllegalStateException(
          "cli/target/devflow-cli.jar is missing: build the cli first.");
    }
  }

  // The services' logs outlive the stack (e2e/target/stack-logs), for whoever reads a failure.
  private static void keepLogs(Path logs) {
    Path target = Path.of(System.getProperty("e2e.stack-logs", "target/stack-logs"));
    if (!Files.isDirectory(logs)) {
      return;
    }
    // Subdirectories too: the SaaS stacks' services log under logs/saas-*/.
    try (var files = Files.walk(logs)) {
      for (Path log : files.filter(Files::isRegularFile).toList()) {
        Path copy = target.resolve(logs.relativize(log).toString());
        Files.createDirectories(copy.getParent());
        Files.copy(log, copy, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // best effort
    }
  }

  private void stop() {
    down(repo, home);
  }

  private static void down(Path repo, Path home) {
    try {
      // Agents' tmux servers outlive the engine on purpose (a restarted engine adopts them);
      // the tests' must not outlive the tests.
      Commands.killTmuxServers(home.resolve("tmux"));
      Commands.run(
          repo,
          List.of("./devflow", "down"),
          Map.of("DEVFLOW_HOME", home.toString()),
          Duration.ofSeconds(60),
          "devflow down");
    } finally {
      keepLogs(home.resolve("logs"));
      Commands.deleteQuietly(home);
    }
  }
}
