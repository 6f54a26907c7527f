package dev.devflow.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devflow.agents.process.Names;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Worktree paths cannot escape their root; names are reduced to safe characters. */
class NamesTest {

  private final Path root = Path.of("/tmp/dfwe-root");

  @Test
  void childrenResolveInsideTheRoot() {
    assertThat(Names.inside(root, "local", "run-1", "task-2"))
        .isEqualTo(Path.of("/tmp/dfwe-root/local/run-1/task-2"));
  }

  @Test
  void escapesAreRefused() {
    assertThatThrownBy(() -> Names.inside(root, "..", "etc"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Names.inside(root, "local/../../x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Names.inside(root, "/etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Names.inside(root, ".")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void slugsKeepOnlySafeCharacters() {
    assertThat(Names.slug("Fix the $(rm -rf /) bug; now!", 20)).isEqualTo("fix-the-rm-rf-bug-no");
    assertThat(Names.slug("", 10)).isEqualTo("x");
  }
}
