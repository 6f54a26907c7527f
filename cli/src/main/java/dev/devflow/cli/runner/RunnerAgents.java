package dev.devflow.cli.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devflow.agents.AgentState;
import dev.devflow.agents.LocalAgents;
import dev.devflow.agents.Placement;
import dev.devflow.agents.Snapshot;
import dev.devflow.agents.cli.AgentKind;
import dev.devflow.agents.cli.AgentLaunch;
import dev.devflow.agents.cli.AgentMode;
import dev.devflow.agents.cli.ScreenReader;
import dev.devflow.agents.git.Merger;
import dev.devflow.agents.git.Worktrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The agents this runner runs, and what the engine's commands do to them: start, deliver the
 * prompt, type, refuse, stop, remove, merge. Each agent's launch is kept on disk (its token
 * excepted), so a restarted runner still knows its agents and the engine can reach them.
 */
final class RunnerAgents {

  private final RunnerSettings settings;
  private final LocalAgents local;
  private final Merger merger;
  private final Worktrees worktrees;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<Long, Known> agents = new ConcurrentHashMap<>();
  private final Map<Long, Integer> lastText = new ConcurrentHashMap<>();
  private volatile String tenant;

  /** An agent of this runner: what it was started with. */
  record Known(
      long agentId,
      String tenant,
      long runId,
      long taskId,
      String kind,
      String mode,
      String repository,
      String baseBranch,
      String branch,
      String session,
      String worktree,
      String prompt) {}

  RunnerAgents(RunnerSettings settings, LocalAgents local, Merger merger, Worktrees worktrees) {
    this.settings = settings;
    this.local = local;
    this.merger = merger;
    this.worktrees = worktrees;
    load();
  }

  /** The tenant the engine said this runner serves; commands for another are refused. */
  void tenant(String tenant) {
    this.tenant = tenant;
  }

  /** After (re)connecting: agents the engine no longer counts as live are ended here. */
  void reconcile(List<Long> liveOnEngine) {
    for (Known known : List.copyOf(agents.values())) {
      if (!liveOnEngine.contains(known.agentId())) {
        local.kill(known.session());
        agents.remove(known.agentId());
      }
    }
  }

  /** Carries out one command; the result the engine gets back. */
  JsonNode execute(String type, long agentId, JsonNode payload) {
    ObjectNode result = json.createObjectNode();
    switch (type) {
      case "start" -> {
        Placement placement = start(agentId, payload, false);
        result.put("session", placement.session()).put("worktree", placement.worktree().toString());
      }
      case "restart" -> start(agentId, payload, true);
      case "deliver" -> {
        Known known = known(agentId);
        result.put(
            "delivered", local.deliver(launchOf(known, ""), payload.path("marker").asText()));
      }
      case "type" ->
          result.put("sent", local.type(known(agentId).session(), payload.path("text").asText()));
      case "interrupt" -> result.put("sent", local.interrupt(known(agentId).session()));
      case "kill" -> {
        Optional.ofNullable(agents.get(agentId)).ifPresent(k -> local.kill(k.session()));
        result.put("killed", true);
      }
      case "remove" -> remove(agentId, payload);
      case "merge" -> {
        Merger.Outcome outcome =
            merger.merge(
                repository(payload.path("repository").asText()),
                payload.path("baseBranch").asText(),
                payload.path("branch").asText(),
                payload.path("message").asText());
        return json.valueToTree(outcome);
      }
      default -> throw new IllegalArgumentException("unknown command " + type);
    }
    return result;
  }

  private Placement start(long agentId, JsonNode p, boolean restart) {
    if (tenant != null && !tenant.equals(p.path("tenant").asText())) {
      throw new IllegalArgumentException("a command for another tenant");
    }
    String tenantOfAgent = p.path("tenant").asText();
    String repository = p.path("repository").asText();
    Path worktree =
        worktrees.pathOf(tenantOfAgent, p.path("runId").asLong(), p.path("taskId").asLong());
    Known known =
        new Known(
            agentId,
            tenantOfAgent,
            p.path("runId").asLong(),
            p.path("taskId").asLong(),
            p.path("kind").asText(),
            p.path("mode").asText("interactive"),
            repository,
            p.path("baseBranch").asText(),
            p.path("branch").asText(),
            p.path("session").asText(),
            worktree.toString(),
            p.path("prompt").asText());
    AgentLaunch launch = launchOf(known, p.path("token").asText());
    Known previous = agents.get(agentId);
    if (!restart
        && previous != null
        && local.state(previous.session()).liveness() == AgentState.Liveness.RUNNING) {
      return new Placement(previous.session(), Path.of(previous.worktree()), previous.branch());
    }
    agents.put(agentId, known);
    save(known);
    if (restart) {
      local.restart(launch);
      return new Placement(known.session(), worktree, known.branch());
    }
    return local.start(launch);
  }

  private void remove(long agentId, JsonNode p) {
    Known known = agents.remove(agentId);
    lastText.remove(agentId);
    if (known != null) {
      local.kill(known.session());
    }
    Path repo = repository(p.path("repository").asText());
    Path worktree =
        known != null
            ? Path.of(known.worktree())
            : worktrees.pathOf(
                p.path("tenant").asText(), p.path("runId").asLong(), p.path("taskId").asLong());
    local.removeWorktree(
        repo, worktree, p.path("branch").asText(), p.path("deleteBranch").asBoolean());
    try {
      Files.deleteIfExists(stateFile(agentId));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What each agent shows now, for the engine: liveness, its pane (when changed), its screen. */
  List<Map<String, Object>> report() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Known known : agents.values()) {
      Snapshot snapshot = local.snapshot(known.session());
      Map<String, Object> r = new java.util.LinkedHashMap<>();
      r.put("agentId", known.agentId());
      r.put("liveness", snapshot.state().liveness().name());
      r.put("exitStatus", snapshot.state().exitStatus());
      snapshot
          .text()
          .ifPresent(
              text -> {
                Integer hash = text.hashCode();
                if (!hash.equals(lastText.put(known.agentId(), hash))) {
                  r.put("text", text);
                }
              });
      AgentKind kind = settings.kinds().get(known.kind());
      if (kind != null) {
        ScreenReader.Screen screen = ScreenReader.read(kind.family(), snapshot.screen().orElse(""));
        r.put("screenState", screen.state().name());
        r.put("evidence", screen.evidence());
      }
      out.add(r);
    }
    return out;
  }

  private AgentLaunch launchOf(Known known, String token) {
    AgentKind kind = settings.kinds().get(known.kind());
    if (kind == null) {
      throw new IllegalArgumentException("this runner has no agent kind " + known.kind());
    }
    settings
        .problemOf(kind)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(
                  "agent kind " + known.kind() + " cannot start here: " + problem);
            });
    String api = settings.apiUrl().toString().replaceAll("/+$", "");
    return new AgentLaunch(
        known.tenant(),
        known.agentId(),
        known.runId(),
        known.taskId(),
        kind,
        AgentMode.parse(known.mode()).orElse(AgentMode.INTERACTIVE),
        repository(known.repository()),
        known.baseBranch(),
        known.branch(),
        Path.of(known.worktree()),
        known.session(),
        known.prompt(),
        token,
        api + "/api/v1",
        api + "/mcp");
  }

  private Path repository(String name) {
    Path path = settings.repositories().get(name);
    if (path == null) {
      throw new IllegalArgumentException("repository '" + name + "' is not served by this runner");
    }
    return path;
  }

  private Known known(long agentId) {
    Known known = agents.get(agentId);
    if (known == null) {
      throw new IllegalArgumentException("agent " + agentId + " does not run here");
    }
    return known;
  }

  private Path stateDir() {
    return settings.home().resolve("agents");
  }

  private Path stateFile(long agentId) {
    return stateDir().resolve(agentId + ".json");
  }

  private void save(Known known) {
    try {
      Files.createDirectories(stateDir());
      json.writeValue(stateFile(known.agentId()).toFile(), known);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void load() {
    if (!Files.isDirectory(stateDir())) {
      return;
    }
    try (Stream<Path> files = Files.list(stateDir())) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        Known known = json.readValue(file.toFile(), Known.class);
        agents.put(known.agentId(), known);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
