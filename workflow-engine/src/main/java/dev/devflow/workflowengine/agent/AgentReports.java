package dev.devflow.workflowengine.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devflow.agents.AgentState;
import dev.devflow.agents.cli.ScreenReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * What a look at an agent found, wherever it runs: its pane's text goes to its log (a change is
 * activity), what its CLI's screen shows is stored (working, waiting at a prompt, idle), and a
 * session that ended is settled: finished if its task was reported, failed otherwise.
 */
@ApplicationScoped
public class AgentReports {

  private static final Logger LOG = Logger.getLogger(AgentReports.class);

  private final AgentRepository agents;
  private final AgentLedger ledger;
  private final AgentRuntimes runtimes;
  private final Map<String, Integer> lastHash = new ConcurrentHashMap<>();

  public AgentReports(AgentRepository agents, AgentLedger ledger, AgentRuntimes runtimes) {
    this.agents = agents;
    this.ledger = ledger;
    this.runtimes = runtimes;
  }

  /**
   * Records one look; returns whether the session still runs.
   *
   * @param text the pane's whole text, when it was read
   */
  public boolean observed(
      String tenant,
      Agent agent,
      AgentState state,
      Optional<String> text,
      ScreenReader.Screen screen) {
    text.ifPresent(t -> save(tenant, agent, t));
    if (state.liveness() == AgentState.Liveness.RUNNING) {
      if (screen != null) {
        agents.setScreen(
            tenant,
            agent.id(),
            screen.state().name().toLowerCase(java.util.Locale.ROOT),
            screen.waiting());
      }
      return true;
    }
    String reason =
        state.liveness() == AgentState.Liveness.EXITED
            ? "the agent's command exited with status "
                + state.exitStatus()
                + " before it reported the task done"
            : "the agent's session " + agent.session() + " disappeared";
    try {
      runtimes.forAgent(agent).kill(tenant, agent);
    } catch (RuntimeException e) {
      LOG.debugf("Cleaning up the ended session of agent %d: %s", agent.id(), e.getMessage());
    }
    ledger.sessionEnded(tenant, agent, reason);
    lastHash.remove(tenant + ":" + agent.id());
    return false;
  }

  /** A runner's report on its agents: [{agentId, liveness, exitStatus, text, screenState}]. */
  public void runnerStatus(String tenant, long runnerId, JsonNode reported) {
    for (JsonNode r : reported) {
      long id = r.path("agentId").asLong();
      Optional<Agent> agent = agents.findAgentById(tenant, id);
      if (agent.isEmpty()
          || agent.get().runnerId() == null
          || agent.get().runnerId() != runnerId
          || !"running".equals(agent.get().status())) {
        continue; // not this runner's, or not running (starting, stopped...): nothing to settle
      }
      AgentState state =
          new AgentState(
              AgentState.Liveness.valueOf(r.path("liveness").asText("RUNNING")),
              r.path("exitStatus").asInt());
      Optional<String> text =
          r.hasNonNull("text") ? Optional.of(r.get("text").asText()) : Optional.empty();
      ScreenReader.State screenState = parse(r.path("screenState").asText("UNKNOWN"));
      observed(
          tenant,
          agent.get(),
          state,
          text,
          new ScreenReader.Screen(screenState, r.path("evidence").asText("")));
    }
  }

  /**
   * The ids of a runner's agents that are starting or running (a reconnecting runner keeps them).
   */
  public List<Long> liveAgentIds(String tenant, long runnerId) {
    return agents.listLive(tenant).stream()
        .filter(a -> a.runnerId() != null && a.runnerId() == runnerId)
        .map(Agent::id)
        .toList();
  }

  private void save(String tenant, Agent agent, String text) {
    String content = text.stripTrailing();
    int hash = content.hashCode();
    Integer previous = lastHash.put(tenant + ":" + agent.id(), hash);
    if (previous == null || previous != hash) {
      agents.saveLog(
          tenant, agent.id(), content, content.isEmpty() ? 0 : content.split("\n", -1).length);
      if (previous != null) {
        agents.touch(tenant, agent.id());
      }
    }
  }

  private static ScreenReader.State parse(String state) {
    try {
      return ScreenReader.State.valueOf(state.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return ScreenReader.State.UNKNOWN;
    }
  }
}
