package dev.devflow.workflowengine.task;

import dev.devflow.common.auth.Caller;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Set;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Agents' tokens change only what an agent's work needs: its task's status, progress and
 * completion, claims in its run, tasks added to its run. Every other change (spawning agents,
 * editing workflows, runs, settings) is refused in this one place, whatever route is added later;
 * which task and run are the agent's own is checked by {@link AgentScope}.
 */
public class AgentRequestFilter {

  private static final Set<String> READ = Set.of("GET", "HEAD", "OPTIONS");
  private static final Pattern AGENT_WRITES =
      Pattern.compile(
          "/api/v1/(tasks/\\d{1,18}/(status|progress|complete)|runs/\\d{1,18}/tasks(/claim)?)/?");

  private final Caller caller;

  public AgentRequestFilter(Caller caller) {
    this.caller = caller;
  }

  @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
  public void limitAgents(ContainerRequestContext request) {
    if (caller.agent().isEmpty() || READ.contains(request.getMethod())) {
      return;
    }
    String path = "/" + request.getUriInfo().getPath().replaceAll("^/+", "");
    if (!AGENT_WRITES.matcher(path).matches()) {
      throw new ProblemException(
          ProblemType.FORBIDDEN,
          "An agent's token works only on its own task: its status, progress and completion.");
    }
  }
}
