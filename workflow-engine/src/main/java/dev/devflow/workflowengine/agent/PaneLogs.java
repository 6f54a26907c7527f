package dev.devflow.workflowengine.agent;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;

/**
 * Pages through an agent's pane log: live from its session (or its runner's last report), else the
 * last stored capture.
 */
@ApplicationScoped
public class PaneLogs {

  private final AgentRuntimes runtimes;
  private final AgentRepository agents;

  public PaneLogs(AgentRuntimes runtimes, AgentRepository agents) {
    this.runtimes = runtimes;
    this.agents = agents;
  }

  public PaneLog page(String tenant, Agent agent, int offset, int limit) {
    Content c = content(tenant, agent);
    int from = Math.min(offset, c.lines().size());
    int to = Math.min(c.lines().size(), from + limit);
    return new PaneLog(agent.id(), c.lines().size(), from, c.lines().subList(from, to), c.live());
  }

  public PaneLog tail(String tenant, Agent agent, int count) {
    Content c = content(tenant, agent);
    int from = Math.max(0, c.lines().size() - count);
    return new PaneLog(
        agent.id(), c.lines().size(), from, c.lines().subList(from, c.lines().size()), c.live());
  }

  private record Content(List<String> lines, boolean live) {}

  private Content content(String tenant, Agent agent) {
    if (agent.live()) {
      var text = runtimes.forAgent(agent).snapshot(tenant, agent).text();
      if (text.isPresent()) {
        return new Content(lines(text.get()), true);
      }
    }
    return new Content(
        agents.findLog(tenant, agent.id()).map(PaneLogs::lines).orElse(List.of()), false);
  }

  private static List<String> lines(String text) {
    String stripped = text.stripTrailing();
    return stripped.isEmpty() ? List.of() : Arrays.asList(stripped.split("\n", -1));
  }
}
