package dev.devflow.agents.git;

import dev.devflow.agents.process.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The git operations agents need, each one program run with an argument list. */
public class Git {

  /** The identity the engine's own merge commits carry. */
  private static final List<String> IDENTITY =
      List.of("-c", "user.name=DevFlow", "-c", "user.email=engine@devflow.local");

  private final String binary;

  public Git(String binary) {
    this.binary = binary;
  }

  public Processes.Result git(Path dir, String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary);
    command.addAll(IDENTITY);
    command.addAll(Arrays.asList(args));
    return Processes.run(command, dir);
  }

  /** The top level of the working tree at path, if it is a (non-bare) git repository. */
  public Optional<Path> topLevel(Path path) {
    if (!Files.isDirectory(path)) {
      return Optional.empty();
    }
    Processes.Result result = git(path, "rev-parse", "--show-toplevel");
    return result.ok() ? Optional.of(Path.of(result.stdout().strip())) : Optional.empty();
  }

  /** Whether name is a syntactically valid branch name. */
  public boolean validBranchName(String name) {
    return name != null
        && !name.startsWith("-")
        && git(null, "check-ref-format", "--branch", name).ok();
  }

  public boolean branchExists(Path repo, String branch) {
    return git(repo, "rev-parse", "--verify", "--quiet", "refs/heads/" + branch).ok();
  }

  public String head(Path dir, String rev) {
    return git(dir, "rev-parse", "--verify", rev).orThrow().stdout().strip();
  }

  /** Commits on branch not on base, oldest first. */
  public List<String> commitsBetween(Path repo, String base, String branch) {
    String out =
        git(repo, "rev-list", "--reverse", base + ".." + branch, "--").orThrow().stdout().strip();
    return out.isEmpty() ? List.of() : List.of(out.split("\n"));
  }

  /** The worktree (from {@code git worktree list}) that has branch checked out, if any. */
  public Optional<Path> worktreeOf(Path repo, String branch) {
    String[] lines = git(repo, "worktree", "list", "--porcelain").orThrow().stdout().split("\n");
    Path current = null;
    for (String line : lines) {
      if (line.startsWith("worktree ")) {
        current = Path.of(line.substring("worktree ".length()));
      } else if (line.equals("branch refs/heads/" + branch) && current != null) {
        return Optional.of(current);
      }
    }
    return Optional.empty();
  }

  /** All worktree paths registered in repo. */
  public List<Path> worktrees(Path repo) {
    List<Path> paths = new ArrayList<>();
    for (String line :
        git(repo, "worktree", "list", "--porcelain").orThrow().stdout().split("\n")) {
      if (line.startsWith("worktree ")) {
        paths.add(Path.of(line.substring("worktree ".length())));
      }
    }
    return paths;
  }
}
