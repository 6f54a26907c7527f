package dev.devflow.workflowengine.task;

import dev.devflow.common.auth.AgentIdentity;
import dev.devflow.common.auth.Caller;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * What a request carrying an agent's own token may touch: its own task, and tasks it adds to its
 * own run. Everything else that changes data is refused; people (and their API keys) are not
 * limited by this.
 */
@ApplicationScoped
public class AgentScope {

  private final Caller caller;

  public AgentScope(Caller caller) {
    this.caller = caller;
  }

  public Optional<AgentIdentity> agent() {
    return caller.agent();
  }

  public void requireOwnTask(long taskId) {
    caller
        .agent()
        .filter(a -> a.taskId() != taskId)
        .ifPresent(
            a -> {
              throw new ProblemException(
                  ProblemType.FORBIDDEN,
                  "Agent "
                      + a.agentId()
                      + " works on task "
                      + a.taskId()
                      + " only; task "
                      + taskId
                      + " is not yours.",
                  "taskId");
            });
  }

  public void requireOwnRun(long runId) {
    caller
        .agent()
        .filter(a -> a.runId() != runId)
        .ifPresent(
            a -> {
              throw new ProblemException(
                  ProblemType.FORBIDDEN,
                  "Agent " + a.agentId() + " works in run " + a.runId() + " only.",
                  "runId");
            });
  }

  public void requireNotAgent() {
    caller.requireNotAgent();
  }
}
