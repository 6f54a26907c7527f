package dev.devflow.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What Claude Code's and OpenCode's screens (as tmux captures them) say they are doing. */
class ScreenReaderTest {

  private static final String RULE = "─".repeat(120);

  @Test
  void claudeCodeAtItsInputPromptIsIdleAndReadyForAPrompt() {
    String screen =
        " ▐▛███▛█   Claude Code v2.1.328\n\n"
            + RULE
            + "\n❯ \n"
            + RULE
            + "\n  ⏵⏵ accept edits on (shift+tab to cycle)\n";
    assertThat(ScreenReader.read(CliFamily.CLAUDE, screen).state())
        .isEqualTo(ScreenReader.State.IDLE);
    assertThat(ScreenReader.readyForPrompt(CliFamily.CLAUDE, screen)).isTrue();
    // As Claude Code 2.1.328 draws it: the prompt sign, then a no-break space.
    assertThat(ScreenReader.readyForPrompt(CliFamily.CLAUDE, RULE + "\n❯\u00a0 \n" + RULE + "\n"))
        .isTrue();
  }

  @Test
  void claudeCodeThinkingIsWorkingEvenWithItsInputBoxShown() {
    String screen =
        "* Envisioning…\n"
            + RULE
            + "\n❯ \n"
            + RULE
            + "\n  ⏵⏵ accept edits on (shift+tab to cycle) · esc to interrupt\n";
    assertThat(ScreenReader.read(CliFamily.CLAUDE, screen).state())
        .isEqualTo(ScreenReader.State.WORKING);
  }

  @Test
  void claudeCodesQuestionsAreWaitingNeverReady() {
    String permission =
        " Bash command\n curl -s http://x/\n This command requires approval\n Do you want to"
            + " proceed?\n ❯ 1. Yes\n   2. Yes, and don’t ask again for: curl *\n   3. No\n Esc to"
            + " cancel · Tab to amend\n";
    ScreenReader.Screen read = ScreenReader.read(CliFamily.CLAUDE, permission);
    assertThat(read.state()).isEqualTo(ScreenReader.State.PERMISSION);
    assertThat(read.waiting()).isTrue();
    assertThat(ScreenReader.readyForPrompt(CliFamily.CLAUDE, permission)).isFalse();
    String trust = " Do you trust the files in this folder?\n ❯ 1. Yes, proceed\n   2. No, exit\n";
    assertThat(ScreenReader.read(CliFamily.CLAUDE, trust).state())
        .isEqualTo(ScreenReader.State.DIALOG);
    String key =
        "  Detected a custom API key in your environment\n  Do you want to use this API key?\n";
    assertThat(ScreenReader.read(CliFamily.CLAUDE, key).state())
        .isEqualTo(ScreenReader.State.DIALOG);
  }

  @Test
  void openCodesScreens() {
    assertThat(
            ScreenReader.read(CliFamily.OPENCODE, "  ┃  Ask anything… \"Fix broken tests\"\n")
                .state())
        .isEqualTo(ScreenReader.State.IDLE);
    assertThat(
            ScreenReader.read(
                    CliFamily.OPENCODE,
                    "  ┃  △ Permission required\n  ┃   Allow once   Allow always   Reject\n")
                .state())
        .isEqualTo(ScreenReader.State.PERMISSION);
    assertThat(
            ScreenReader.read(CliFamily.OPENCODE, "   ⬝⬝⬝⬝  esc interrupt  tab agents\n").state())
        .isEqualTo(ScreenReader.State.WORKING);
  }

  @Test
  void openCodesMinimalInterface() {
    // Screens of `opencode --mini` 1.18.33, as tmux captured them.
    String header = "█▀▀█  OpenCode\n█  █  /tmp/repo\n▀▀▀▀\n› DevFlow task 7\n";
    assertThat(
            ScreenReader.read(
                    CliFamily.OPENCODE,
                    header
                        + "OK.\n▣ Build · Model default · 5.6s\n BUILD          120 · ctrl+p cmd\n")
                .state())
        .isEqualTo(ScreenReader.State.IDLE);
    assertThat(
            ScreenReader.read(
                    CliFamily.OPENCODE,
                    header + " BUILD  ■■■■⬝⬝⬝⬝ esc interrupt        ctrl+p cmd\n")
                .state())
        .isEqualTo(ScreenReader.State.WORKING);
    assertThat(
            ScreenReader.read(
                    CliFamily.OPENCODE,
                    header
                        + "$ curl -s http://x.invalid/\n  △ Permission required\n   # Shell command\n"
                        + "   Allow once   Allow always   Reject      ⇆ select  enter confirm  esc"
                        + " reject\n")
                .state())
        .isEqualTo(ScreenReader.State.PERMISSION);
  }

  @Test
  void aGenericCliIsReadyOnceItShowsAnything() {
    assertThat(ScreenReader.readyForPrompt(CliFamily.GENERIC, "")).isFalse();
    assertThat(ScreenReader.readyForPrompt(CliFamily.GENERIC, "ready")).isTrue();
    assertThat(ScreenReader.read(CliFamily.GENERIC, "anything").state())
        .isEqualTo(ScreenReader.State.UNKNOWN);
  }
}
