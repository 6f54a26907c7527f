package dev.devflow.workflowengine.agent;

import dev.devflow.workflowengine.run.Run;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * Which runtime carries an agent: a runner's when its run names a repository a runner announced,
 * otherwise the engine's own tmux.
 */
@ApplicationScoped
public class AgentRuntimes {

  private final TmuxAgentRuntime tmux;
  private final AgentRuntime runner;

  public AgentRuntimes(TmuxAgentRuntime tmux, @Named("runner") AgentRuntime runner) {
    this.tmux = tmux;
    this.runner = runner;
  }

  public AgentRuntime forRun(Run run) {
    return run.repository() != null ? runner : tmux;
  }

  public AgentRuntime forAgent(Agent agent) {
    return agent.runnerId() != null ? runner : tmux;
  }

  /** Where a task's worktree goes on the engine's machine. */
  public java.nio.file.Path worktreeOf(String tenant, long runId, long taskId) {
    return tmux.worktreeOf(tenant, runId, taskId);
  }
}
