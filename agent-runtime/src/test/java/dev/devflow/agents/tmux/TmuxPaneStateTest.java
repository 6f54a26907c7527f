package dev.devflow.agents.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How "pane_dead pane_dead_status pane_dead_signal" from tmux is read. */
class TmuxPaneStateTest {

  @Test
  void aLivePaneIsRunning() {
    assertThat(Tmux.paneState("0  ")).isEqualTo(new Tmux.PaneState(false, 0));
  }

  @Test
  void aDeadPaneCarriesItsExitStatusOrSignal() {
    assertThat(Tmux.paneState("1 3 ")).isEqualTo(new Tmux.PaneState(true, 3));
    assertThat(Tmux.paneState("1 0 ")).isEqualTo(new Tmux.PaneState(true, 0));
    assertThat(Tmux.paneState("1  9")).isEqualTo(new Tmux.PaneState(true, 137));
  }

  @Test
  void aDeadPaneWhoseStatusIsNotCollectedYetIsNotReportedAsExitingWithZero() {
    assertThat(Tmux.paneState("1  ")).isEqualTo(new Tmux.PaneState(false, 0));
    assertThat(Tmux.paneState("1")).isEqualTo(new Tmux.PaneState(false, 0));
  }
}
