package dev.devflow.agents;

import java.util.Optional;

/**
 * One look at an agent: its state, its pane's whole text (scrollback and screen) and the visible
 * screen alone, both empty once the session is gone.
 */
public record Snapshot(AgentState state, Optional<String> text, Optional<String> screen) {

  public static Snapshot gone() {
    return new Snapshot(AgentState.gone(), Optional.empty(), Optional.empty());
  }
}
