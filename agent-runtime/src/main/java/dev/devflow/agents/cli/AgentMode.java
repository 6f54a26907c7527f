package dev.devflow.agents.cli;

import java.util.Locale;
import java.util.Optional;

/**
 * How an agent's CLI runs: its interactive interface in tmux, or headless with the prompt given.
 */
public enum AgentMode {
  /** The CLI's own interface; DevFlow pastes the prompt once the CLI's input prompt shows. */
  INTERACTIVE,
  /** The prompt as an argument ({@code claude -p}, {@code opencode run}), JSON output captured. */
  HEADLESS;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<AgentMode> parse(String value) {
    for (AgentMode mode : values()) {
      if (mode.id().equalsIgnoreCase(value == null ? "" : value.strip())) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }
}
