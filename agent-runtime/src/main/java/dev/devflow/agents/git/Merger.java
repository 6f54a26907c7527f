package dev.devflow.agents.git;

import dev.devflow.agents.process.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Merges an agent's branch into the run's base branch with {@code git merge --no-ff}, where the
 * base branch is checked out (or in a temporary worktree when it is checked out nowhere). A
 * conflict aborts the merge and names the files; nothing is resolved behind anyone's back.
 */
public class Merger {

  /** What a merge did. */
  public record Outcome(
      boolean merged,
      String mergeCommit,
      List<String> commits,
      List<String> conflicts,
      String error) {}

  private final Git git;
  private final ConcurrentMap<Path, Object> locks = new ConcurrentHashMap<>();

  public Merger(Git git) {
    this.git = git;
  }

  public Outcome merge(Path repo, String base, String branch, String message) {
    synchronized (locks.computeIfAbsent(repo, r -> new Object())) {
      List<String> commits = git.commitsBetween(repo, base, branch);
      if (commits.isEmpty()) {
        return new Outcome(true, null, List.of(), List.of(), null);
      }
      Optional<Path> checkedOut = git.worktreeOf(repo, base);
      Path where = checkedOut.orElseGet(() -> temporaryWorktree(repo, base));
      try {
        return mergeIn(where, branch, message, commits);
      } finally {
        if (checkedOut.isEmpty()) {
          git.git(repo, "worktree", "remove", "--force", "--", where.toString());
          Worktrees.deleteTree(where);
        }
      }
    }
  }

  private Outcome mergeIn(Path where, String branch, String message, List<String> commits) {
    Processes.Result result =
        git.git(where, "merge", "--no-ff", "--no-edit", "-m", message, branch);
    if (result.ok()) {
      return new Outcome(true, git.head(where, "HEAD"), commits, List.of(), null);
    }
    String unmerged = git.git(where, "diff", "--name-only", "--diff-filter=U").stdout().strip();
    List<String> conflicts = unmerged.isEmpty() ? List.of() : Arrays.asList(unmerged.split("\n"));
    git.git(where, "merge", "--abort");
    String error = conflicts.isEmpty() ? (result.stdout() + result.stderr()).strip() : null;
    return new Outcome(false, null, commits, conflicts, error);
  }

  private Path temporaryWorktree(Path repo, String base) {
    try {
      Path dir = Files.createTempDirectory("devflow-merge-");
      Files.delete(dir);
      git.git(repo, "worktree", "add", "--", dir.toString(), base).orThrow();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
