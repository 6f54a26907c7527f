package dev.devflow.workflowengine.guardian;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devflow.workflowengine.task.Task;
import dev.devflow.workflowengine.workflow.WorkflowModel;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Asks the model whether an agent is on track for its task, phase instructions and done criteria.
 */
@ApplicationScoped
public class TrajectoryJudge {

  /** The model's judgment. */
  public record Judgment(boolean onTrack, String reason, String message) {}

  static final String SYSTEM =
      "You supervise an AI coding agent working in a terminal. Judge from its recent output whether"
          + " it is on track for its task. Answer only with a JSON object: {\"on_track\": boolean,"
          + " \"reason\": string, \"message\": string (what to tell the agent, empty if nothing)}.";

  private final AosentryClient client;
  private final ObjectMapper json;

  public TrajectoryJudge(AosentryClient client, ObjectMapper json) {
    this.client = client;
    this.json = json;
  }

  public boolean enabled() {
    return client.configured();
  }

  public Optional<Judgment> judge(Task task, WorkflowModel.Phase phase, List<String> tail) {
    String user =
        "Task: "
            + task.title()
            + "\nDescription: "
            + task.description()
            + "\nPhase: "
            + phase.name()
            + "\nPhase instructions: "
            + phase.instructions()
            + "\nDone criteria: "
            + String.join("; ", phase.doneCriteria())
            + "\nRecent terminal output:\n"
            + String.join("\n", tail);
    return client.chatJson(SYSTEM, user).flatMap(this::parse);
  }

  private Optional<Judgment> parse(String content) {
    try {
      JsonNode node = json.readTree(content);
      if (!node.has("on_track")) {
        return Optional.empty();
      }
      return Optional.of(
          new Judgment(
              node.path("on_track").asBoolean(true),
              node.path("reason").asText(""),
              node.path("message").asText("")));
    } catch (Exception e) {
      return Optional.empty(); // an unreadable answer is no judgment; the rules still ran
    }
  }
}
