package dev.devflow.workflowengine.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devflow.agents.AgentState;
import dev.devflow.agents.Placement;
import dev.devflow.agents.Snapshot;
import dev.devflow.agents.cli.AgentLaunch;
import dev.devflow.agents.git.Merger;
import dev.devflow.workflowengine.agent.Agent;
import dev.devflow.workflowengine.agent.AgentRepository;
import dev.devflow.workflowengine.agent.AgentRuntime;
import dev.devflow.workflowengine.run.Run;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Agents on a developer's machine: every operation is a command to the agent's runner, which runs
 * the agent there in tmux on a worktree of its own repository and merges there. The engine never
 * starts a process or touches a path for these agents.
 */
@ApplicationScoped
@Named("runner")
public class RunnerAgentRuntime implements AgentRuntime {

  private static final Duration QUICK = Duration.ofSeconds(20);
  private static final Duration DELIVERY = Duration.ofSeconds(60);
  // Well within the transaction of the completion that waits for it (60 s).
  private static final Duration MERGE = Duration.ofSeconds(30);

  private final RunnerCommands commands;
  private final AgentRepository agents;
  private final ObjectMapper json;

  public RunnerAgentRuntime(RunnerCommands commands, AgentRepository agents, ObjectMapper json) {
    this.commands = commands;
    this.agents = agents;
    this.json = json;
  }

  @Override
  public Placement start(AgentLaunch launch) {
    JsonNode placed = call(launch, "start", launchPayload(launch), QUICK);
    return new Placement(
        placed.path("session").asText(launch.session()),
        Path.of(placed.path("worktree").asText()),
        launch.branch());
  }

  @Override
  public void restart(AgentLaunch launch) {
    call(launch, "restart", launchPayload(launch), QUICK);
  }

  @Override
  public boolean deliver(AgentLaunch launch, String marker) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("marker", marker);
    return call(launch, "deliver", payload, DELIVERY).path("delivered").asBoolean();
  }

  @Override
  public boolean type(String tenant, Agent agent, String message) {
    return call(tenant, agent, "type", Map.of("text", message), QUICK).path("sent").asBoolean();
  }

  @Override
  public boolean interrupt(String tenant, Agent agent) {
    return call(tenant, agent, "interrupt", Map.of(), QUICK).path("sent").asBoolean();
  }

  @Override
  public Snapshot snapshot(String tenant, Agent agent) {
    // The runner reports its agents' panes and screens; the last report is what the engine knows.
    Optional<String> text = agents.findLog(tenant, agent.id());
    return new Snapshot(AgentState.running(), text, Optional.empty());
  }

  @Override
  public void kill(String tenant, Agent agent) {
    commands.enqueue(tenant, agent.runnerId(), agent.id(), "kill", Map.of());
  }

  @Override
  public void removeWorktree(String tenant, Run run, Agent agent, boolean deleteBranch) {
    commands.enqueue(
        tenant,
        agent.runnerId(),
        agent.id(),
        "remove",
        Map.of(
            "repository",
            run.repository(),
            "branch",
            agent.branch(),
            "deleteBranch",
            deleteBranch));
  }

  @Override
  public Merger.Outcome merge(String tenant, Run run, Agent agent, String message) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("repository", run.repository());
    payload.put("baseBranch", run.baseBranch());
    payload.put("branch", agent.branch());
    payload.put("message", message);
    JsonNode outcome = call(tenant, agent, "merge", payload, MERGE);
    return json.convertValue(outcome, Merger.Outcome.class);
  }

  private Map<String, Object> launchPayload(AgentLaunch launch) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("tenant", launch.tenant());
    p.put("runId", launch.runId());
    p.put("taskId", launch.taskId());
    p.put("kind", launch.kind().name());
    p.put("family", launch.kind().family().id());
    p.put("mode", launch.mode().id());
    p.put("repository", launch.repo().toString());
    p.put("baseBranch", launch.baseBranch());
    p.put("branch", launch.branch());
    p.put("session", launch.session());
    p.put("prompt", launch.prompt());
    p.put("token", launch.token());
    p.put("allow", launch.kind().allow());
    return p;
  }

  private JsonNode call(AgentLaunch launch, String type, Object payload, Duration timeout) {
    Agent agent = agents.findAgentById(launch.tenant(), launch.agentId()).orElseThrow();
    return call(launch.tenant(), agent, type, payload, timeout);
  }

  private JsonNode call(String tenant, Agent agent, String type, Object payload, Duration timeout) {
    if (agent.runnerId() == null) {
      throw new IllegalStateException("Agent " + agent.id() + " has no runner");
    }
    return commands.call(tenant, agent.runnerId(), agent.id(), type, payload, timeout);
  }
}
