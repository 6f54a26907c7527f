package dev.devflow.agents.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs external programs (git, tmux) from argument lists, never through a shell, so titles, paths
 * and branch names are always single arguments and never command text.
 */
public final class Processes {

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Reads the programs' output. Not the common pool: it may have a single thread on a small
   * machine, and a blocked reader there would stall every other caller.
   */
  private static final ExecutorService READERS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "process-output");
            t.setDaemon(true);
            return t;
          });

  private Processes() {}

  /** What a finished program said. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }

    /** Throws unless the program succeeded. */
    public Result orThrow() {
      if (!ok()) {
        throw new IllegalStateException(
            command.get(0)
                + " "
                + (command.size() > 1 ? command.get(1) : "")
                + " failed ("
                + exitCode
                + "): "
                + stderr.strip());
      }
      return this;
    }
  }

  public static Result run(List<String> command, Path dir) {
    return run(command, dir, null, Map.of(), DEFAULT_TIMEOUT);
  }

  /** Runs the command in dir, feeding stdin (may be null), waiting at most timeout. */
  public static Result run(
      List<String> command, Path dir, String stdin, Map<String, String> env, Duration timeout) {
    return run(command, dir, stdin, env, timeout, false);
  }

  /**
   * As {@link #run(List, Path, String, Map, Duration)}; with {@code onlyEnv} the program sees only
   * env, none of this process's own environment (agents must not inherit a service's secrets).
   */
  public static Result run(
      List<String> command,
      Path dir,
      String stdin,
      Map<String, String> env,
      Duration timeout,
      boolean onlyEnv) {
    ProcessBuilder builder = new ProcessBuilder(command);
    if (dir != null) {
      builder.directory(dir.toFile());
    }
    if (onlyEnv) {
      builder.environment().clear();
    }
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      CompletableFuture<String> out = drain(process.getInputStream());
      CompletableFuture<String> err = drain(process.getErrorStream());
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command.get(0) + " timed out after " + timeout);
      }
      return new Result(List.copyOf(command), process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + command.get(0), e);
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            stream.transferTo(buffer);
            return buffer.toString(StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        },
        READERS);
  }
}
