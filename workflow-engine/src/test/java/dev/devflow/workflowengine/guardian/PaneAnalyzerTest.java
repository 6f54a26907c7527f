package dev.devflow.workflowengine.guardian;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.workflowengine.config.EngineConfig;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Guardian's rules on pane output, without a session (pure logic). */
class PaneAnalyzerTest {

  private final OffsetDateTime now = OffsetDateTime.now();
  private final PaneAnalyzer analyzer = new PaneAnalyzer(new Settings());

  @Test
  void theSameLineRepeatedIsALoop() {
    List<String> tail = new ArrayList<>(List.of("compiling", "running tests"));
    for (int i = 0; i < 5; i++) {
      tail.add("npm ERR! missing script: test");
    }
    assertThat(detect(tail, true, 1, 0)).contains("looping");
  }

  @Test
  void freshErrorOutputIsFailingButOldErrorsAreNotNews() {
    List<String> tail = List.of("building", "Traceback (most recent call last):", "  File x.py");
    assertThat(detect(tail, true, 1, 0)).contains("failing");
    assertThat(detect(tail, false, 1, 0)).isEmpty();
  }

  @Test
  void quietForTooLongIsIdleAndOverBudgetWins() {
    assertThat(detect(List.of("thinking"), false, 10, 6)).contains("idle");
    assertThat(detect(List.of("thinking"), true, 10, 1)).isEmpty();
    assertThat(detect(List.of("working"), true, 200, 0)).contains("over-budget");
  }

  @Test
  void aCliWaitingAtAPromptIsBlockedWhateverItsSpinnerDoes() {
    // The pane changed (a spinner) a moment ago, yet the screen has shown a permission question
    // for 61 s: blocked.
    assertThat(detectScreen("permission", 61)).contains("permission");
    assertThat(detectScreen("permission", 30)).isEmpty();
    assertThat(detectScreen("dialog", 60)).contains("dialog");
    // At its idle input prompt: idle only after the idle time (5 min).
    assertThat(detectScreen("idle", 120)).isEmpty();
    assertThat(detectScreen("idle", 301)).contains("idle");
    // Working: the spinner is real work.
    assertThat(detectScreen("working", 3600)).isEmpty();
  }

  private Optional<String> detectScreen(String screen, int waitedSeconds) {
    return analyzer
        .analyze(
            List.of("* Envisioning... (esc to interrupt)"),
            true,
            now.minusMinutes(30),
            now.minusSeconds(1),
            now,
            screen,
            now.minusSeconds(waitedSeconds))
        .map(PaneAnalyzer.Finding::detector);
  }

  private Optional<String> detect(List<String> tail, boolean changed, int ageMin, int quietMin) {
    return analyzer
        .analyze(
            tail, changed, now.minusMinutes(ageMin), now.minusMinutes(quietMin), now, null, null)
        .map(PaneAnalyzer.Finding::detector);
  }

  /** Defaults as configured: idle after 5 min, budget 2 h, 5 repeats. */
  private static final class Settings implements EngineConfig.GuardianSettings {
    public boolean enabled() {
      return true;
    }

    public Duration interval() {
      return Duration.ofSeconds(60);
    }

    public Duration gracePeriod() {
      return Duration.ofSeconds(60);
    }

    public Duration waitingAfter() {
      return Duration.ofSeconds(60);
    }

    public Duration idleAfter() {
      return Duration.ofMinutes(5);
    }

    public Duration timeBudget() {
      return Duration.ofHours(2);
    }

    public int loopRepeats() {
      return 5;
    }

    public String errorPattern() {
      return "(?i)(\\bfatal\\b|\\berror:|exception\\b|traceback \\(most recent call last\\))";
    }

    public int messagesBeforeRestart() {
      return 2;
    }

    public int restartsBeforeStop() {
      return 1;
    }
  }
}
