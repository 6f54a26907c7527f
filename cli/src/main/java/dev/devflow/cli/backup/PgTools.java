package dev.devflow.cli.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * PostgreSQL's client programs ({@code pg_dump}, {@code pg_restore}) of a version that can read the
 * server: pg_dump refuses servers newer than itself, so the oldest installed one at least as new as
 * the server is picked. Looked for in {@code DEVFLOW_PG_BIN}, then {@code PATH}, then where Debian,
 * Homebrew and the PGDG packages put them.
 */
public record PgTools(Path bin, int major) {

  private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)");

  public Path pgDump() {
    return bin.resolve("pg_dump");
  }

  public Path pgRestore() {
    return bin.resolve("pg_restore");
  }

  /** The tools for a server of {@code serverMajor}, or a message saying what to install. */
  public static PgTools forServer(int serverMajor, Map<String, String> env) {
    List<PgTools> found = new ArrayList<>();
    for (Path dir : candidates(env)) {
      version(dir).ifPresent(major -> found.add(new PgTools(dir, major)));
    }
    return found.stream()
        .filter(tools -> tools.major() >= serverMajor)
        .min(Comparator.comparingInt(PgTools::major))
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no pg_dump/pg_restore for PostgreSQL "
                        + serverMajor
                        + " or newer"
                        + (found.isEmpty()
                            ? ""
                            : " (found only: "
                                + found.stream()
                                    .map(t -> t.major() + " in " + t.bin())
                                    .distinct()
                                    .toList()
                                + ")")
                        + ": install postgresql-client-"
                        + serverMajor
                        + " (or Homebrew's postgresql@"
                        + serverMajor
                        + ") or point DEVFLOW_PG_BIN at its bin directory"));
  }

  private static Set<Path> candidates(Map<String, String> env) {
    Set<Path> dirs = new LinkedHashSet<>();
    String override = env.get("DEVFLOW_PG_BIN");
    if (override != null && !override.isBlank()) {
      dirs.add(Path.of(override));
      return dirs; // an explicit choice is the only one
    }
    for (String dir : env.getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!dir.isBlank()) {
        dirs.add(Path.of(dir));
      }
    }
    dirs.addAll(versionedBins(Path.of("/usr/lib/postgresql"), "%s/bin"));
    dirs.addAll(versionedBins(Path.of("/opt/homebrew/opt"), "%s/bin"));
    dirs.addAll(versionedBins(Path.of("/usr/local/opt"), "%s/bin"));
    for (int major = 12; major <= 25; major++) {
      dirs.add(Path.of("/usr/pgsql-" + major, "bin"));
    }
    return dirs;
  }

  private static List<Path> versionedBins(Path parent, String layout) {
    if (!Files.isDirectory(parent)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(parent)) {
      return children
          .map(child -> parent.resolve(layout.formatted(child.getFileName())))
          .filter(Files::isDirectory)
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The major version of the pg_dump in {@code dir}, if both tools are there and run. */
  static Optional<Integer> version(Path dir) {
    if (!Files.isExecutable(dir.resolve("pg_dump"))
        || !Files.isExecutable(dir.resolve("pg_restore"))) {
      return Optional.empty();
    }
    try {
      Process process =
          new ProcessBuilder(dir.resolve("pg_dump").toString(), "--version")
              .redirectErrorStream(true)
              .start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return Optional.empty();
      }
      Matcher matcher = VERSION.matcher(out);
      return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
