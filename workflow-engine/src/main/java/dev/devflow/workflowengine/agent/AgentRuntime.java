package dev.devflow.workflowengine.agent;

import dev.devflow.agents.Placement;
import dev.devflow.agents.Snapshot;
import dev.devflow.agents.cli.AgentLaunch;
import dev.devflow.agents.git.Merger;
import dev.devflow.workflowengine.run.Run;

/**
 * Where agents execute. {@link TmuxAgentRuntime} runs them on the engine's own machine (local mode,
 * or inside a tenant's root); {@code RunnerAgentRuntime} hands them to a {@code devflow runner} on
 * a developer's machine, which runs and merges them there.
 */
public interface AgentRuntime {

  /** Prepares the worktree and branch (reusing them if they exist) and starts the session. */
  Placement start(AgentLaunch launch);

  /** Starts the agent's command again in its existing worktree (after ending any old session). */
  void restart(AgentLaunch launch);

  /** Gives an interactive CLI its prompt once its input prompt shows; checks that it arrived. */
  boolean deliver(AgentLaunch launch, String marker);

  /** Types a message into a live session and presses Enter. */
  boolean type(String tenant, Agent agent, String message);

  /** Presses Escape: a CLI waiting at a permission prompt refuses the call. */
  boolean interrupt(String tenant, Agent agent);

  /** The session's state, its pane's text and its visible screen. */
  Snapshot snapshot(String tenant, Agent agent);

  void kill(String tenant, Agent agent);

  /** Removes the agent's worktree (and optionally its branch); tolerates both being gone. */
  void removeWorktree(String tenant, Run run, Agent agent, boolean deleteBranch);

  /** Merges the agent's branch into the run's base branch, where the repository is. */
  Merger.Outcome merge(String tenant, Run run, Agent agent, String message);
}
