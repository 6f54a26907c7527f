package dev.devflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web dashboard in Debian's Chromium (driven by playwright-core) against the real stack: add a
 * source served from loopback and watch its crawl complete live, search it, create a workflow and
 * see a task move on the board, switch to dark mode, and see API problems shown. The script
 * (e2e/dashboard/dashboard.e2e.mjs) prints the overview's time to interactive; screenshots of each
 * screen land in e2e/target/screenshots.
 */
@ExtendWith(WithDevflowStack.class)
class DashboardE2EIT {

  @TempDir Path work;

  @Test
  void theDashboardWorksEndToEndInARealBrowser() throws Exception {
    String chromium = Browser.chromium();
    Path repo = GitRepos.aRepository(work);
    Path screenshots = Path.of(System.getProperty("e2e.screenshots", "target/screenshots"));
    DevflowStack stack = DevflowStack.get();
    try (LoopbackSite site = new LoopbackSite(20)) {
      Commands.Result result =
          Node.run(
              "dashboard/dashboard.e2e.mjs",
              Map.of(
                  "DEVFLOW_URL", stack.baseUrl(),
                  "DOCS_URL", site.indexUrl(),
                  "DOCS_WORD", LoopbackSite.WORD,
                  "REPO_PATH", repo.toString(),
                  "SCREENSHOTS", screenshots.toString(),
                  "CHROMIUM", chromium),
              Duration.ofSeconds(150));
      assertThat(result.exitCode())
          .as("dashboard e2e script (services' logs: %s)\n%s", stack.logs(), result.output())
          .isZero();
      assertThat(result.output()).contains("dashboard e2e: 11 steps passed");
    }
    try (var shots = Files.list(screenshots)) {
      assertThat(shots.map(p -> p.getFileName().toString()).toList())
          .contains(
              "01-overview.png",
              "03-knowledge-search.png",
              "04-workflows-board.png",
              "07-settings-dark.png");
    }
  }
}
