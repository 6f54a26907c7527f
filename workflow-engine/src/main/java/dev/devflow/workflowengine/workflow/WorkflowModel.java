package dev.devflow.workflowengine.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/** A parsed, validated workflow definition: ordered phases and the tasks a run starts with. */
public record WorkflowModel(
    String name, String description, List<Phase> phases, List<TaskSpec> tasks) {

  /** One kind of work, in order. */
  public record Phase(
      String name,
      String description,
      String instructions,
      @JsonProperty("done_criteria") List<String> doneCriteria,
      String validation) {}

  /** A task every run of the workflow starts with; dependsOn names other tasks' keys. */
  public record TaskSpec(
      String key,
      String title,
      String description,
      String phase,
      int priority,
      @JsonProperty("depends_on") List<String> dependsOn) {}

  /** The phase's position, if it exists. */
  public Optional<Integer> phaseIndex(String phase) {
    for (int i = 0; i < phases.size(); i++) {
      if (phases.get(i).name().equals(phase)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  public Optional<Phase> phase(String name) {
    return phaseIndex(name).map(phases::get);
  }
}
