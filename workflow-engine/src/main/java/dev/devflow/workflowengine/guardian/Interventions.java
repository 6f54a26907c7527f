package dev.devflow.workflowengine.guardian;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.usage.PlanUsage;
import dev.devflow.workflowengine.agent.Agent;
import dev.devflow.workflowengine.agent.AgentService;
import dev.devflow.workflowengine.agent.InterventionRepository;
import dev.devflow.workflowengine.config.EngineConfig;
import dev.devflow.workflowengine.run.RunService;
import dev.devflow.workflowengine.task.Task;
import dev.devflow.workflowengine.task.TaskRepository;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Chooses and carries out an intervention: messages first, then a restart, then a stop (an agent
 * over its time budget is stopped at once). Every one is recorded with its reason.
 */
@ApplicationScoped
public class Interventions {

  private static final Logger LOG = Logger.getLogger(Interventions.class);
  static final String PREFIX = "[DevFlow Guardian] ";

  private final InterventionRepository records;
  private final AgentService agents;
  private final TrajectoryJudge judge;
  private final TaskRepository tasks;
  private final RunService runs;
  private final EngineConfig.GuardianSettings settings;
  private final PlanUsage usage;
  private final MeterRegistry metrics;

  public Interventions(
      InterventionRepository records,
      AgentService agents,
      TrajectoryJudge judge,
      TaskRepository tasks,
      RunService runs,
      EngineConfig config,
      PlanUsage usage,
      MeterRegistry metrics) {
    this.usage = usage;
    this.metrics = metrics;
    this.records = records;
    this.agents = agents;
    this.judge = judge;
    this.tasks = tasks;
    this.runs = runs;
    this.settings = config.guardian();
  }

  public void act(String tenant, Agent agent, PaneAnalyzer.Finding finding) {
    String action = choose(tenant, agent, finding.detector());
    String message =
        "message".equals(action) || "refuse".equals(action) ? PREFIX + advice(finding) : null;
    record(tenant, agent, action, finding.detector(), finding.reason(), message);
    carryOut(tenant, agent, action, message, finding.reason());
  }

  /** Records it, and counts it by action and detector (both from fixed sets) for operators. */
  private void record(
      String tenant, Agent agent, String action, String detector, String reason, String message) {
    records.record(tenant, agent, action, detector, reason, message);
    metrics
        .counter("devflow.guardian.interventions", "action", action, "detector", detector)
        .increment();
  }

  /** Without a rule finding, asks the model (when configured) whether the agent is on track. */
  public void consultModel(String tenant, Agent agent, List<String> tail) {
    if (!judge.enabled()) {
      return;
    }
    Task task = tasks.findTaskById(tenant, agent.taskId()).orElseThrow();
    var run = runs.findRunById(tenant, agent.runId()).orElseThrow();
    var phase = runs.modelOf(tenant, run).phase(task.phase()).orElseThrow();
    try {
      usage.spendLlmCalls(tenant, 1);
    } catch (ProblemException e) {
      // the rules keep watching; only the model's judgement waits for next month's calls
      LOG.debugf("No trajectory judgement for agent %s: %s", agent.id(), e.getMessage());
      return;
    }
    judge
        .judge(task, phase, tail)
        .filter(j -> !j.onTrack())
        .ifPresent(
            j -> {
              String text = PREFIX + (j.message().isBlank() ? j.reason() : j.message());
              String reason = "model judged the agent off track: " + j.reason();
              record(tenant, agent, "message", "trajectory", reason, text);
              carryOut(tenant, agent, "message", text, reason);
            });
  }

  private String choose(String tenant, Agent agent, String detector) {
    if ("over-budget".equals(detector)) {
      return "stop";
    }
    long messages =
        records.count(tenant, agent.id(), "message", agent.startedAt())
            + records.count(tenant, agent.id(), "refuse", agent.startedAt());
    if (messages < settings.messagesBeforeRestart()) {
      // A CLI waiting at a question takes no message until the question is answered.
      return "permission".equals(detector) || "dialog".equals(detector) ? "refuse" : "message";
    }
    return agent.restarts() < settings.restartsBeforeStop() ? "restart" : "stop";
  }

  private void carryOut(String tenant, Agent agent, String action, String message, String reason) {
    try {
      switch (action) {
        case "message" -> agents.message(tenant, agent.id(), message);
        case "refuse" -> agents.refuse(tenant, agent.id(), message);
        case "restart" -> agents.restart(tenant, agent.id(), "Guardian: " + reason);
        default -> agents.stop(tenant, agent.id(), "Guardian: " + reason);
      }
    } catch (RuntimeException e) {
      LOG.warnf("Guardian could not %s agent %d: %s", action, agent.id(), e.getMessage());
    }
  }

  private static String advice(PaneAnalyzer.Finding finding) {
    return switch (finding.detector()) {
      case "idle" ->
          "You have been idle ("
              + finding.reason()
              + "). Continue with your task, or report it"
              + " done as described in .devflow/task.json.";
      case "looping" ->
          "You seem to repeat yourself (" + finding.reason() + "). Step back and try another way.";
      case "failing" ->
          "Errors are showing (" + finding.reason() + "). Read them and fix the cause first.";
      case "permission" ->
          "You were "
              + finding.reason()
              + ": DevFlow agents may not do that, so it was refused. Carry on with what you may"
              + " use (DevFlow's MCP tools, reading and editing files, git add and commit); if the"
              + " task cannot be done without it, report it blocked with update_task_status.";
      case "dialog" ->
          "You were " + finding.reason() + "; it was dismissed. Continue with your task.";
      default -> finding.reason();
    };
  }
}
