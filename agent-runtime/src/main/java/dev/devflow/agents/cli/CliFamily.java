package dev.devflow.agents.cli;

import java.util.Locale;
import java.util.Optional;

/** Which command-line program an agent kind runs, and so how DevFlow prepares and reads it. */
public enum CliFamily {
  /** Claude Code ({@code claude}). */
  CLAUDE,
  /** OpenCode ({@code opencode}). */
  OPENCODE,
  /** Any other CLI: a command template, the prompt pasted in or read from a file. */
  GENERIC;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<CliFamily> parse(String value) {
    for (CliFamily family : values()) {
      if (family.id().equalsIgnoreCase(value == null ? "" : value.strip())) {
        return Optional.of(family);
      }
    }
    return Optional.empty();
  }
}
