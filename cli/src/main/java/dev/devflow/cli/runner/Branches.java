package dev.devflow.cli.runner;

import dev.devflow.agents.process.Processes;
import java.nio.file.Path;
import java.util.List;

/** A checkout's local branches, as a runner announces them (at most 200). */
final class Branches {

  private Branches() {}

  static List<String> of(Path repo) {
    Processes.Result r =
        Processes.run(
            List.of(
                "git", "for-each-ref", "--format=%(refname:short)", "--count=200", "refs/heads"),
            repo);
    if (!r.ok() || r.stdout().isBlank()) {
      return List.of();
    }
    return List.of(r.stdout().strip().split("\n"));
  }
}
