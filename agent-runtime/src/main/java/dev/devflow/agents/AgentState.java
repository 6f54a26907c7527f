package dev.devflow.agents;

/** Whether an agent's session still runs its command and, when it exited, with which status. */
public record AgentState(Liveness liveness, int exitStatus) {

  /** Whether a session still runs its command. */
  public enum Liveness {
    RUNNING,
    EXITED,
    GONE
  }

  public static AgentState running() {
    return new AgentState(Liveness.RUNNING, 0);
  }

  public static AgentState gone() {
    return new AgentState(Liveness.GONE, 0);
  }
}
