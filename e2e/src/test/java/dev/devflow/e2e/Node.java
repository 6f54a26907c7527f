package dev.devflow.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The e2e directory's Node.js side: {@code npm ci} once per JVM (its package-lock.json pins
 * playwright-core and any other client the tests use), then scripts run with {@code node}.
 */
public final class Node {

  private static boolean installed;

  private Node() {}

  public static Path dir() {
    return Path.of(System.getProperty("e2e.dir", ".")).toAbsolutePath().normalize();
  }

  /** Runs {@code npm ci} in the e2e directory, once. */
  public static synchronized void install() {
    if (installed) {
      return;
    }
    String npm =
        Commands.findExecutable("npm")
            .orElseThrow(() -> new IllegalStateException("npm (Node.js 20) is not on the PATH"));
    Commands.Result result =
        Commands.run(
            dir(),
            List.of(npm, "ci", "--no-audit", "--no-fund"),
            Map.of(),
            Duration.ofMinutes(3),
            "npm ci");
    if (result.exitCode() != 0) {
      throw new IllegalStateException("npm ci failed in " + dir() + ":\n" + result.output());
    }
    installed = true;
  }

  /** Runs {@code node <script>} (relative to the e2e directory) with extra environment. */
  public static Commands.Result run(String script, Map<String, String> env, Duration timeout) {
    install();
    String node =
        Commands.findExecutable("node")
            .orElseThrow(() -> new IllegalStateException("node (Node.js 20) is not on the PATH"));
    return Commands.run(dir(), List.of(node, script), env, timeout, script);
  }
}
