package dev.devflow.workflowengine.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.workflowengine.workflow.WorkflowModel.Phase;
import dev.devflow.workflowengine.workflow.WorkflowModel.TaskSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a definition written in YAML or JSON and checks it: phases present, named, unique; tasks
 * naming known phases and known tasks, without dependency cycles. Each error names its field.
 */
@ApplicationScoped
public class DefinitionParser {

  private static final int MAX_TEXT = 20_000;
  private final ObjectMapper json;
  private final YAMLMapper yaml = new YAMLMapper();

  public DefinitionParser(ObjectMapper json) {
    this.json = json;
  }

  public WorkflowModel parse(String format, String source) {
    JsonNode root = read(format, source);
    if (!root.isObject()) {
      throw ProblemException.invalid("source", "The definition must be a mapping with phases.");
    }
    List<Phase> phases = phases(root.path("phases"));
    List<TaskSpec> tasks = tasks(root.path("tasks"), phases);
    checkCycles(tasks);
    return new WorkflowModel(
        text(root, "name", "name", false),
        text(root, "description", "description", false),
        phases,
        tasks);
  }

  private JsonNode read(String format, String source) {
    try {
      return "yaml".equals(format) ? yaml.readTree(source) : json.readTree(source);
    } catch (JsonProcessingException e) {
      throw ProblemException.invalid(
          "source",
          "The definition is not valid " + format.toUpperCase() + ": " + e.getOriginalMessage());
    }
  }

  private List<Phase> phases(JsonNode node) {
    if (!node.isArray() || node.isEmpty()) {
      throw ProblemException.invalid("phases", "A workflow needs a non-empty list of phases.");
    }
    List<Phase> phases = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode p = node.get(i);
      String field = "phases[" + i + "]";
      String name = text(p, "name", field + ".name", true);
      if (!names.add(name)) {
        throw ProblemException.invalid(field + ".name", "Phase name '" + name + "' is duplicated.");
      }
      phases.add(
          new Phase(
              name,
              text(p, "description", field + ".description", false),
              text(p, "instructions", field + ".instructions", false),
              criteria(p.path("done_criteria"), field + ".done_criteria"),
              text(p, "validation", field + ".validation", false)));
    }
    return phases;
  }

  private List<TaskSpec> tasks(JsonNode node, List<Phase> phases) {
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw ProblemException.invalid("tasks", "tasks must be a list.");
    }
    Set<String> phaseNames = new HashSet<>();
    phases.forEach(p -> phaseNames.add(p.name()));
    List<TaskSpec> tasks = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode t = node.get(i);
      String field = "tasks[" + i + "]";
      String key = text(t, "key", field + ".key", true);
      if (!keys.add(key)) {
        throw ProblemException.invalid(field + ".key", "Task key '" + key + "' is duplicated.");
      }
      String phase = text(t, "phase", field + ".phase", true);
      if (!phaseNames.contains(phase)) {
        throw ProblemException.invalid(
            field + ".phase", "Task '" + key + "' names unknown phase '" + phase + "'.");
      }
      List<String> deps = criteria(t.path("depends_on"), field + ".depends_on");
      tasks.add(
          new TaskSpec(
              key,
              text(t, "title", field + ".title", true),
              text(t, "description", field + ".description", false),
              phase,
              t.path("priority").asInt(0),
              deps));
    }
    for (int i = 0; i < tasks.size(); i++) {
      for (String dep : tasks.get(i).dependsOn()) {
        if (!keys.contains(dep)) {
          throw ProblemException.invalid(
              "tasks[" + i + "].depends_on", "Task depends on unknown task '" + dep + "'.");
        }
      }
    }
    return tasks;
  }

  private static void checkCycles(List<TaskSpec> tasks) {
    Map<String, List<String>> edges = new HashMap<>();
    tasks.forEach(t -> edges.put(t.key(), t.dependsOn()));
    Map<String, Integer> state = new HashMap<>();
    for (TaskSpec t : tasks) {
      List<String> path = new ArrayList<>();
      if (cycleFrom(t.key(), edges, state, path)) {
        throw ProblemException.invalid(
            "tasks", "Task dependencies form a cycle: " + String.join(" -> ", path) + ".");
      }
    }
  }

  /** Depth-first search; state 1 = on the current path, 2 = finished. */
  private static boolean cycleFrom(
      String key, Map<String, List<String>> edges, Map<String, Integer> state, List<String> path) {
    Integer s = state.get(key);
    if (s != null && s == 2) {
      return false;
    }
    path.add(key);
    if (s != null) {
      return true;
    }
    state.put(key, 1);
    for (String dep : edges.getOrDefault(key, List.of())) {
      if (cycleFrom(dep, edges, state, path)) {
        return true;
      }
    }
    state.put(key, 2);
    path.remove(path.size() - 1);
    return false;
  }

  private static List<String> criteria(JsonNode node, String field) {
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (node.isTextual()) {
      return List.of(node.asText());
    }
    if (!node.isArray()) {
      throw ProblemException.invalid(field, field + " must be a list of strings.");
    }
    List<String> values = new ArrayList<>();
    node.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static String text(JsonNode node, String name, String field, boolean required) {
    JsonNode value = node.path(name);
    if (value.isMissingNode() || value.isNull() || value.asText().isBlank()) {
      if (required) {
        throw ProblemException.invalid(field, field + " is required.");
      }
      return "";
    }
    if (!value.isValueNode()) {
      throw ProblemException.invalid(field, field + " must be text.");
    }
    if (value.asText().length() > MAX_TEXT) {
      throw new ProblemException(
          ProblemType.VALIDATION, field + " is longer than " + MAX_TEXT + " characters.", field);
    }
    return value.asText();
  }
}
