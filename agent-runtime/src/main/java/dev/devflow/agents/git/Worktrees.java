package dev.devflow.agents.git;

import dev.devflow.agents.process.Names;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** Git worktrees of agents, all under the configured root and never outside it. */
public class Worktrees {

  private final Git git;
  private final Path root;
  private final java.util.Set<Path> excluded = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public Worktrees(Git git, Path root) {
    this.git = git;
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** {@code <root>/<tenant>/run-<run>/task-<task>}; tenant is a checked slug. */
  public Path pathOf(String tenant, long runId, long taskId) {
    if (!tenant.matches("[a-z][a-z0-9_]{2,39}")) {
      throw new IllegalArgumentException("Not a tenant slug: " + tenant);
    }
    return Names.inside(root, tenant, "run-" + runId, "task-" + taskId);
  }

  /** Creates the worktree on a new branch from base, or reuses the branch or worktree left. */
  public void ensure(Path repo, Path worktree, String branch, String base) {
    Path checked = Names.inside(root, root.relativize(worktree).toString());
    if (Files.isDirectory(checked.resolve(".git"))
        || Files.isRegularFile(checked.resolve(".git"))) {
      return;
    }
    try {
      Files.createDirectories(checked.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // The common case first: a new branch. Only when that fails are stale registrations pruned
    // and an existing branch (from an earlier agent on the task) reused.
    if (!git.git(repo, "worktree", "add", "-b", branch, "--", checked.toString(), base).ok()) {
      git.git(repo, "worktree", "prune");
      if (git.branchExists(repo, branch)) {
        git.git(repo, "worktree", "add", "--", checked.toString(), branch).orThrow();
      } else {
        git.git(repo, "worktree", "add", "-b", branch, "--", checked.toString(), base).orThrow();
      }
    }
    if (excluded.add(repo)) {
      excludeEngineFiles(repo);
    }
  }

  /** Removes the worktree and, if asked, the branch; deletes a stray directory under the root. */
  public void remove(Path repo, Path worktree, String branch, boolean deleteBranch) {
    Path checked = Names.inside(root, root.relativize(worktree.toAbsolutePath()).toString());
    if (repo != null && Files.isDirectory(repo)) {
      git.git(repo, "worktree", "remove", "--force", "--force", "--", checked.toString());
      git.git(repo, "worktree", "prune");
      if (deleteBranch && branch != null && !branch.isBlank()) {
        git.git(repo, "branch", "-D", "--", branch);
      }
    }
    deleteTree(checked);
  }

  /** Keeps the engine's own files (prompt, MCP config) out of the agent's commits. */
  private void excludeEngineFiles(Path repo) {
    String common = git.git(repo, "rev-parse", "--git-common-dir").orThrow().stdout().strip();
    Path exclude = repo.resolve(common).resolve("info").resolve("exclude");
    try {
      Files.createDirectories(exclude.getParent());
      String current = Files.exists(exclude) ? Files.readString(exclude) : "";
      if (!current.contains("/.devflow/")) {
        Files.writeString(
            exclude,
            "\n# DevFlow agent files\n/.devflow/\n",
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
