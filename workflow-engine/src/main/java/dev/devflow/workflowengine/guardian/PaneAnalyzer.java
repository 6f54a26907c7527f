package dev.devflow.workflowengine.guardian;

import dev.devflow.workflowengine.config.EngineConfig;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The Guardian's rules: over budget, looping, failing, idle; the first that applies wins. */
public final class PaneAnalyzer {

  /** How many trailing lines of the pane the rules look at. */
  static final int TAIL = 40;

  /** What a rule found. */
  public record Finding(String detector, String reason) {}

  private final EngineConfig.GuardianSettings settings;
  private final Pattern error;

  public PaneAnalyzer(EngineConfig.GuardianSettings settings) {
    this.settings = settings;
    this.error = Pattern.compile(settings.errorPattern());
  }

  /**
   * @param tail the pane's last lines now
   * @param changed whether the tail differs from the previous sample (old errors are not news)
   * @param screen what the CLI's screen showed at the last look (permission, dialog, idle...), and
   *     since when it has shown it, if it is waiting
   */
  public Optional<Finding> analyze(
      List<String> tail,
      boolean changed,
      OffsetDateTime startedAt,
      OffsetDateTime lastActivity,
      OffsetDateTime now,
      String screen,
      OffsetDateTime waitingSince) {
    Duration age = Duration.between(startedAt, now);
    if (age.compareTo(settings.timeBudget()) > 0) {
      return Optional.of(
          new Finding(
              "over-budget",
              "working for "
                  + minutes(age)
                  + " exceeds the time budget of "
                  + minutes(settings.timeBudget())));
    }
    if (changed) {
      Optional<Finding> loop = looping(tail);
      if (loop.isPresent()) {
        return loop;
      }
      for (int i = tail.size() - 1; i >= Math.max(0, tail.size() - 10); i--) {
        if (error.matcher(tail.get(i)).find()) {
          return Optional.of(new Finding("failing", "error output: " + clip(tail.get(i))));
        }
      }
    }
    Optional<Finding> waiting = waiting(screen, waitingSince, now);
    if (waiting.isPresent()) {
      return waiting;
    }
    Duration quiet = Duration.between(lastActivity, now);
    if (quiet.compareTo(settings.idleAfter()) >= 0) {
      return Optional.of(new Finding("idle", "no output for " + seconds(quiet)));
    }
    return Optional.empty();
  }

  /**
   * A CLI waiting at a question or at its idle input prompt is not working, however much its
   * spinner keeps the pane changing.
   */
  private Optional<Finding> waiting(String screen, OffsetDateTime since, OffsetDateTime now) {
    if (screen == null || since == null) {
      return Optional.empty();
    }
    Duration waited = Duration.between(since, now);
    return switch (screen) {
      case "permission" ->
          waited.compareTo(settings.waitingAfter()) >= 0
              ? Optional.of(
                  new Finding(
                      "permission", "waiting at a permission prompt for " + seconds(waited)))
              : Optional.empty();
      case "dialog" ->
          waited.compareTo(settings.waitingAfter()) >= 0
              ? Optional.of(
                  new Finding("dialog", "waiting at a start-up question for " + seconds(waited)))
              : Optional.empty();
      case "idle" ->
          waited.compareTo(settings.idleAfter()) >= 0
              ? Optional.of(
                  new Finding(
                      "idle", "at its input prompt with nothing under way for " + seconds(waited)))
              : Optional.empty();
      default -> Optional.empty();
    };
  }

  private Optional<Finding> looping(List<String> tail) {
    Map<String, Integer> counts = new HashMap<>();
    for (String line : tail) {
      String key = line.strip();
      if (key.length() >= 8) {
        int n = counts.merge(key, 1, Integer::sum);
        if (n >= settings.loopRepeats()) {
          return Optional.of(
              new Finding("looping", "the same output repeated " + n + " times: " + clip(key)));
        }
      }
    }
    return Optional.empty();
  }

  /** The last non-blank lines of a capture. */
  public static List<String> tail(String capture) {
    List<String> lines = Arrays.asList(capture.stripTrailing().split("\n", -1));
    return lines.subList(Math.max(0, lines.size() - TAIL), lines.size());
  }

  private static String clip(String line) {
    String s = line.strip();
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  private static String minutes(Duration d) {
    return d.toMinutes() + " min";
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + " s";
  }
}
