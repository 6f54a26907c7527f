package dev.devflow.agents.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real tmux: one server per session, and nothing typed into a dead pane. */
class TmuxTest {

  @TempDir Path dir;
  private Tmux tmux;

  @AfterEach
  void killAll() {
    if (tmux != null) {
      tmux.sessions().forEach(tmux::kill);
    }
  }

  @Test
  void aSessionWhoseCommandExitsAtOnceNeitherTakesPasteNorEndsItsNeighbour() throws Exception {
    tmux = new Tmux("tmux", dir.resolve("sockets"));
    Map<String, String> env = Map.of("PATH", System.getenv("PATH"));
    tmux.newSession("healthy", dir, env, List.of("cat", "-"));
    tmux.newSession("dying", dir, env, List.of("sh", "-c", "exit 3"));
    long deadline = System.currentTimeMillis() + 5000;
    while (!tmux.pane("dying").map(Tmux.PaneState::dead).orElse(false)) {
      assertThat(System.currentTimeMillis()).isLessThan(deadline);
      Thread.sleep(50);
    }
    assertThat(tmux.pane("dying")).contains(new Tmux.PaneState(true, 3));
    // tmux 3.3a's server crashes when a paste reaches a dead pane; it is never attempted.
    for (int i = 0; i < 5; i++) {
      assertThat(tmux.paste("dying", "hello?")).isFalse();
      assertThat(tmux.keys("dying", "Escape")).isFalse();
    }
    assertThat(tmux.hasSession("dying")).as("its server still answers").isTrue();
    assertThat(tmux.paste("healthy", "still here")).isTrue();
    Thread.sleep(300);
    assertThat(tmux.capture("healthy").orElseThrow()).contains("still here");
    assertThat(tmux.sessions()).containsExactly("dying", "healthy");

    // Each session has a server of its own: ending one leaves the other.
    tmux.kill("dying");
    assertThat(tmux.sessions()).containsExactly("healthy");
    assertThat(Files.exists(tmux.socketOf("dying"))).isFalse();
    assertThat(tmux.pane("healthy").map(Tmux.PaneState::dead)).contains(false);
  }

  @Test
  void theAgentSeesOnlyTheEnvironmentItIsGiven() throws Exception {
    tmux = new Tmux("tmux", dir.resolve("sockets"));
    Path out = dir.resolve("env.txt");
    tmux.newSession(
        "env",
        dir,
        Map.of("PATH", System.getenv("PATH"), "ONLY_THIS", "yes"),
        List.of("sh", "-c", "env > " + out));
    long deadline = System.currentTimeMillis() + 5000;
    while (!Files.exists(out) || Files.readString(out).isEmpty()) {
      assertThat(System.currentTimeMillis()).isLessThan(deadline);
      Thread.sleep(50);
    }
    Thread.sleep(100);
    String env = Files.readString(out);
    assertThat(env).contains("ONLY_THIS=yes").doesNotContain("JAVA_HOME=").doesNotContain("MAVEN");
  }
}
