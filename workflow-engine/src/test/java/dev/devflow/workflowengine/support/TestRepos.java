package dev.devflow.workflowengine.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.agents.process.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real git repositories in temporary directories, for the engine to work on. */
public final class TestRepos {

  private static final List<Path> CREATED = new java.util.concurrent.CopyOnWriteArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> CREATED.forEach(TestRepos::deleteTree)));
  }

  private TestRepos() {}

  /** A temporary directory deleted when the test JVM ends. */
  public static Path tempDir(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      CREATED.add(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a directory tree, best effort. */
  public static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }

  /** A repository on branch main with one commit holding README.md and shared.txt. */
  public static Path aRepo() {
    try {
      Path dir = tempDir("dfwe-repo-");
      git(dir, "init", "-q", "-b", "main");
      git(dir, "config", "user.name", "Test");
      git(dir, "config", "user.email", "test@devflow.local");
      Files.writeString(dir.resolve("README.md"), "# test repo\n");
      Files.writeString(dir.resolve("shared.txt"), "original\n");
      git(dir, "add", ".");
      git(dir, "commit", "-q", "-m", "initial");
      return dir.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs git in dir and returns its output; fails the test if git fails. */
  public static String git(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Processes.Result result = Processes.run(command, dir);
    assertThat(result.exitCode()).as("git %s: %s", command, result.stderr()).isZero();
    return result.stdout();
  }
}
