package dev.devflow.workflowengine.agent;

import dev.devflow.workflowengine.task.Task;
import dev.devflow.workflowengine.workflow.WorkflowModel;

/**
 * The text an agent receives: its task, the phase's instructions and done criteria, how to report.
 */
public final class PromptBuilder {

  private PromptBuilder() {}

  /** The first line of every prompt; its appearance in the pane proves delivery. */
  public static String marker(long taskId) {
    return "DevFlow task " + taskId;
  }

  public static String build(Task task, WorkflowModel.Phase phase, long agentId, String branch) {
    StringBuilder p = new StringBuilder();
    p.append(marker(task.id())).append(" (agent ").append(agentId).append("): ");
    p.append(oneLine(task.title())).append('\n');
    p.append("Run: ").append(task.runId()).append('\n');
    p.append("Phase: ").append(phase.name());
    if (!phase.description().isBlank()) {
      p.append(" - ").append(oneLine(phase.description()));
    }
    p.append('\n');
    if (!task.description().isBlank()) {
      p.append("Task: ").append(oneLine(task.description())).append('\n');
    }
    if (!phase.instructions().isBlank()) {
      p.append("Instructions: ").append(oneLine(phase.instructions())).append('\n');
    }
    if (!phase.doneCriteria().isEmpty()) {
      p.append("Done when: ").append(oneLine(String.join("; ", phase.doneCriteria()))).append('\n');
    }
    if (phase.validation() != null && !phase.validation().isBlank()) {
      p.append("Validation: ").append(oneLine(phase.validation())).append('\n');
    }
    p.append("Work in this directory (your own git worktree, on branch ")
        .append(branch)
        .append(") and commit your changes. Your DevFlow MCP tools (get_current_phase,")
        .append(" claim_next_task, report_progress, report_task_complete) act as you, on this task")
        .append(" only. When done, call report_task_complete with taskId ")
        .append(task.id())
        .append(" and a summary; DevFlow then merges your branch. Without MCP: POST the")
        .append(" completeUrl in .devflow/task.json with its authorization header and")
        .append(" {\"resultSummary\": \"...\"}.");
    return p.toString();
  }

  /** Keeps the pasted prompt to single lines, so no line of it is "entered" on its own. */
  private static String oneLine(String text) {
    return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
