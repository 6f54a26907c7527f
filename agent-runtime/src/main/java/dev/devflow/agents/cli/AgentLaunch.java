package dev.devflow.agents.cli;

import java.nio.file.Path;

/**
 * Everything needed to start one agent on one task.
 *
 * @param token the agent's own credential: its MCP calls and reports act as this agent on this
 *     task, and nothing else
 * @param apiUrl where the agent reports over plain HTTP (the workflow API)
 * @param mcpUrl the MCP endpoint the agent's CLI connects to
 */
public record AgentLaunch(
    String tenant,
    long agentId,
    long runId,
    long taskId,
    AgentKind kind,
    AgentMode mode,
    Path repo,
    String baseBranch,
    String branch,
    Path worktree,
    String session,
    String prompt,
    String token,
    String apiUrl,
    String mcpUrl) {

  @Override
  public String toString() {
    // The token never reaches a log line.
    return "AgentLaunch[tenant="
        + tenant
        + ", agent="
        + agentId
        + ", task="
        + taskId
        + ", kind="
        + kind.name()
        + ", mode="
        + mode.id()
        + ", session="
        + session
        + "]";
  }
}
