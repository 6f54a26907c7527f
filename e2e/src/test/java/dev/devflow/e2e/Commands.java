package dev.devflow.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs a command, echoing its output with a prefix, and gives back its exit code and output. */
public final class Commands {

  /** What a command did. */
  public record Result(int exitCode, String output) {}

  private Commands() {}

  /** Runs {@code command} in {@code dir}; kills it (and its children) after {@code timeout}. */
  public static Result run(
      Path dir, List<String> command, Map<String, String> env, Duration timeout, String label) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.redirectErrorStream(true);
    builder.environment().putAll(env);
    StringBuilder output = new StringBuilder();
    try {
      Process process = builder.start();
      Thread pump = new Thread(() -> pump(process, output, label), "e2e-output-" + label);
      pump.setDaemon(true);
      pump.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        pump.join(2_000);
        return new Result(124, output + "\n[" + label + " timed out after " + timeout + "]");
      }
      pump.join(5_000);
      synchronized (output) {
        return new Result(process.exitValue(), output.toString());
      }
    } catch (IOException e) {
      return new Result(127, "could not run " + command + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(130, output + "\n[" + label + " interrupted]");
    }
  }

  private static void pump(Process process, StringBuilder output, String label) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        System.out.println("[" + label + "] " + line);
        synchronized (output) {
          output.append(line).append('\n');
        }
      }
    } catch (IOException e) {
      // the process went away; what it said so far is kept
    }
  }

  /** The first of {@code candidates} that is an executable file or a command on the PATH. */
  /** Ends every tmux server whose socket is in dir (agents of a stack or runner under test). */
  public static void killTmuxServers(Path dir) {
    if (!java.nio.file.Files.isDirectory(dir)) {
      return;
    }
    try (var sockets = java.nio.file.Files.list(dir)) {
      for (Path socket : sockets.filter(p -> !p.toString().endsWith(".status")).toList()) {
        run(
            dir,
            List.of("tmux", "-S", socket.toString(), "kill-server"),
            Map.of(),
            Duration.ofSeconds(10),
            "tmux kill-server");
      }
    } catch (java.io.IOException e) {
      // nothing to stop
    }
  }

  public static java.util.Optional<String> findExecutable(String... candidates) {
    for (String candidate : candidates) {
      if (candidate.contains("/")) {
        if (Files.isExecutable(Path.of(candidate))) {
          return java.util.Optional.of(candidate);
        }
        continue;
      }
      for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, candidate))) {
          return java.util.Optional.of(Path.of(dir, candidate).toString());
        }
      }
    }
    return java.util.Optional.empty();
  }

  public static void deleteQuietly(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort: a temp dir left behind is not worth failing a test for
    }
  }
}
