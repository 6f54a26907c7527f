package dev.devflow.workflowengine.agent;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where agents execute. The tmux runtime ({@link TmuxAgentRuntime}) runs each one in a tmux session
 * on its own git worktree; a container runtime for on-prem would implement the same.
 */
public interface AgentRuntime {

  /** Everything needed to start an agent on a task. */
  record Launch(
      String tenant,
      long agentId,
      long runId,
      long taskId,
      String kind,
      Path repo,
      String baseBranch,
      String prompt) {}

  /** Where an agent runs. */
  record Placement(String session, Path worktree, String branch) {}

  /** Whether an agent's session still runs its command. */
  enum Liveness {
    RUNNING,
    EXITED,
    GONE
  }

  /** The session's liveness and, when exited, the command's exit status. */
  record State(Liveness liveness, int exitStatus) {}

  /** Prepares the worktree and branch (reusing them if they exist) and starts the session. */
  Placement start(Launch launch);

  /** Starts the agent's command again in its existing worktree (after killing any old session). */
  void restart(Launch launch, Placement placement);

  /** Delivers the prompt and checks it arrived (the marker shows in the pane). */
  boolean deliver(String session, String prompt, String marker);

  /** Types a message into the session and presses Enter. */
  boolean type(String session, String message);

  State state(String session);

  /** The session's state and pane text at once (text empty when the session is gone). */
  record Snapshot(State state, Optional<String> text) {}

  Snapshot snapshot(String session);

  /** The pane's text (scrollback and screen), if the session exists. */
  Optional<String> capture(String session);

  void kill(String session);

  /** Sessions of this engine that exist now. */
  List<String> sessions();

  /** Removes the worktree (and optionally its branch); tolerates either being gone already. */
  void removeWorktree(Path repo, Path worktree, String branch, boolean deleteBranch);

  /** The directory every worktree lives under. */
  Path worktreesRoot();

  /** The session name of an agent. */
  String sessionName(String tenant, long agentId);
}
