package dev.devflow.workflowengine.agent;

import dev.devflow.common.tenant.TenantSlug;
import dev.devflow.workflowengine.config.EngineConfig;
import dev.devflow.workflowengine.support.Git;
import dev.devflow.workflowengine.support.Names;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** Git worktrees of agents, all under the configured root and never outside it. */
@ApplicationScoped
public class Worktrees {

  private final Git git;
  private final Path root;
  private final java.util.Set<Path> excluded = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public Worktrees(Git git, EngineConfig config) {
    this.git = git;
    this.root = Path.of(config.worktreesRoot()).toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** {@code <root>/<tenant>/run-<run>/task-<task>}. */
  public Path pathOf(String tenant, long runId, long taskId) {
    return Names.inside(root, TenantSlug.require(tenant), "run-" + runId, "task-" + taskId);
  }

  /** {@code devflow/<run>/<task>}. */
  public static String branchOf(long runId, long taskId) {
    return "devflow/" + runId + "/" + taskId;
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

  static void deleteTree(Path dir) {
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
