package dev.devflow.workflowengine.agent;

import dev.devflow.agents.LocalAgents;
import dev.devflow.agents.Placement;
import dev.devflow.agents.Snapshot;
import dev.devflow.agents.cli.AgentLaunch;
import dev.devflow.agents.git.Merger;
import dev.devflow.workflowengine.run.Run;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.List;

/** Runs each agent on the engine's machine: its own tmux server and session on its own worktree. */
@ApplicationScoped
public class TmuxAgentRuntime implements AgentRuntime {

  private final LocalAgents local;
  private final Merger merger;

  public TmuxAgentRuntime(LocalAgents local, Merger merger) {
    this.local = local;
    this.merger = merger;
  }

  @Override
  public Placement start(AgentLaunch launch) {
    return local.start(launch);
  }

  @Override
  public void restart(AgentLaunch launch) {
    local.restart(launch);
  }

  @Override
  public boolean deliver(AgentLaunch launch, String marker) {
    return local.deliver(launch, marker);
  }

  @Override
  public boolean type(String tenant, Agent agent, String message) {
    return local.type(agent.session(), message);
  }

  @Override
  public boolean interrupt(String tenant, Agent agent) {
    return local.interrupt(agent.session());
  }

  @Override
  public Snapshot snapshot(String tenant, Agent agent) {
    return local.snapshot(agent.session());
  }

  @Override
  public void kill(String tenant, Agent agent) {
    local.kill(agent.session());
  }

  @Override
  public void removeWorktree(String tenant, Run run, Agent agent, boolean deleteBranch) {
    if (agent.worktreePath().isBlank()) {
      return;
    }
    Path repo = run.repoPath() == null ? null : Path.of(run.repoPath());
    local.removeWorktree(repo, Path.of(agent.worktreePath()), agent.branch(), deleteBranch);
  }

  @Override
  public Merger.Outcome merge(String tenant, Run run, Agent agent, String message) {
    return merger.merge(Path.of(run.repoPath()), run.baseBranch(), agent.branch(), message);
  }

  /** Sessions of this engine's tmux servers that run now (for adoption after a restart). */
  public List<String> sessions() {
    return local.sessions();
  }

  public Snapshot snapshot(String session) {
    return local.snapshot(session);
  }

  public void kill(String session) {
    local.kill(session);
  }

  public Path worktreeOf(String tenant, long runId, long taskId) {
    return local.worktrees().pathOf(tenant, runId, taskId);
  }

  public Path worktreesRoot() {
    return local.worktrees().root();
  }

  public void removeWorktree(Path repo, Path worktree) {
    local.removeWorktree(repo, worktree, null, false);
  }
}
