package dev.devflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Git repositories for workflow runs to work on. */
final class GitRepos {

  private static final Map<String, String> IDENTITY =
      Map.of(
          "GIT_AUTHOR_NAME", "e2e",
          "GIT_AUTHOR_EMAIL", "e2e@devflow.test",
          "GIT_COMMITTER_NAME", "e2e",
          "GIT_COMMITTER_EMAIL", "e2e@devflow.test");

  private GitRepos() {}

  /** {@code work/repo}: a repository with one (empty) commit on main. */
  static Path aRepository(Path work) {
    Path repo = work.resolve("repo");
    for (List<String> git :
        List.of(
            List.of("git", "init", "-q", "-b", "main", repo.toString()),
            List.of("git", "-C", repo.toString(), "commit", "-q", "--allow-empty", "-m", "init"))) {
      assertThat(Commands.run(work, git, IDENTITY, Duration.ofSeconds(30), "git").exitCode())
          .as("%s", git)
          .isZero();
    }
    return repo;
  }
}
