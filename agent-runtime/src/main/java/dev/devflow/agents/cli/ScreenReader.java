package dev.devflow.agents.cli;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a CLI's screen shows now: working, waiting at a permission or start-up question, or
 * idle at its input prompt. A spinner keeps a working CLI's pane changing, and a waiting one's too,
 * so pane changes alone cannot tell a blocked agent from a busy one; the screen's words can.
 */
public final class ScreenReader {

  /** What the CLI is doing. */
  public enum State {
    /** Thinking or running a tool (the CLI offers to interrupt). */
    WORKING,
    /** Waiting for a person to allow or refuse a tool call. */
    PERMISSION,
    /** Waiting at a start-up question (trust this folder, use this key...). */
    DIALOG,
    /** At its input prompt with nothing under way: ready for a prompt, or done and waiting. */
    IDLE,
    /** Nothing recognisable (a generic CLI, or a screen still drawing). */
    UNKNOWN
  }

  /** The state and the line that shows it. */
  public record Screen(State state, String evidence) {
    /** Whether the CLI waits for someone (a question or an idle prompt). */
    public boolean waiting() {
      return state == State.PERMISSION || state == State.DIALOG || state == State.IDLE;
    }
  }

  private static final Pattern CLAUDE_DIALOG =
      Pattern.compile(
          "(?m)^.*(Do you trust the files in this folder|Is this a project you created or one you"
              + " trust|Do you want to use this API key|Detected a custom API key|Make auto mode"
              + " your default|Select a theme|Choose the text style|Security notes:|Press Enter to"
              + " continue).*$");
  private static final Pattern CLAUDE_PERMISSION =
      Pattern.compile(
          "(?m)^.*(Do you want to (proceed|make this edit|create|allow|run)\\b.*\\?|This command"
              + " requires approval|tell Claude what to do differently).*$");
  private static final Pattern CLAUDE_WORKING = Pattern.compile("(?mi)^.*esc to interrupt.*$");
  // The input box: a rule, then the prompt sign (followed by a no-break space in 2.1.x).
  private static final Pattern CLAUDE_INPUT = Pattern.compile("(?m)^─{8,}[^\\n]*\\n❯[^\\n]*$");

  private static final Pattern OPENCODE_PERMISSION =
      Pattern.compile("(?m)^.*(Permission required|Allow once\\s+Allow always).*$");
  private static final Pattern OPENCODE_WORKING = Pattern.compile("(?mi)^.*esc interrupt.*$");
  // The full interface's input box, or the minimal one's footer (agent name, then "ctrl+p cmd").
  private static final Pattern OPENCODE_INPUT =
      Pattern.compile("(?m)^.*(Ask anything|ctrl\\+p commands|ctrl\\+p cmd\\s*$).*$");

  private ScreenReader() {}

  /** Reads the visible screen (not the scrollback) of a CLI of the family. */
  public static Screen read(CliFamily family, String screen) {
    String text = screen == null ? "" : screen;
    return switch (family) {
      case CLAUDE ->
          first(
              text,
              List.of(
                  new Rule(CLAUDE_PERMISSION, State.PERMISSION),
                  new Rule(CLAUDE_DIALOG, State.DIALOG),
                  new Rule(CLAUDE_WORKING, State.WORKING),
                  new Rule(CLAUDE_INPUT, State.IDLE)));
      case OPENCODE ->
          first(
              text,
              List.of(
                  new Rule(OPENCODE_PERMISSION, State.PERMISSION),
                  new Rule(OPENCODE_WORKING, State.WORKING),
                  new Rule(OPENCODE_INPUT, State.IDLE)));
      case GENERIC -> new Screen(text.isBlank() ? State.UNKNOWN : State.UNKNOWN, "");
    };
  }

  /** Whether the CLI is ready to be given its prompt. */
  public static boolean readyForPrompt(CliFamily family, String screen) {
    if (family == CliFamily.GENERIC) {
      return screen != null && !screen.isBlank();
    }
    return read(family, screen).state() == State.IDLE;
  }

  private record Rule(Pattern pattern, State state) {}

  private static Screen first(String text, List<Rule> rules) {
    for (Rule rule : rules) {
      Matcher m = rule.pattern().matcher(text);
      if (m.find()) {
        return new Screen(rule.state(), clip(m.group().strip()));
      }
    }
    return new Screen(State.UNKNOWN, "");
  }

  private static String clip(String line) {
    String s = line.replaceAll("\\s{2,}", " ");
    return s.length() > 160 ? s.substring(0, 160) + "..." : s;
  }
}
