package dev.devflow.workflowengine.agent;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.workflowengine.config.EngineConfig;
import dev.devflow.workflowengine.support.Names;
import dev.devflow.workflowengine.support.Tmux;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs each agent in a tmux session {@code agent_<tenant>_<id>} on its own git worktree. */
@ApplicationScoped
public class TmuxAgentRuntime implements AgentRuntime {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

  private final Tmux tmux;
  private final Worktrees worktrees;
  private final AgentFiles files;
  private final EngineConfig config;

  public TmuxAgentRuntime(Tmux tmux, Worktrees worktrees, AgentFiles files, EngineConfig config) {
    this.tmux = tmux;
    this.worktrees = worktrees;
    this.files = files;
    this.config = config;
  }

  @Override
  public String sessionName(String tenant, long agentId) {
    String prefix = Names.slug(config.sessionPrefix().orElse(""), 30);
    return (config.sessionPrefix().isPresent() ? prefix + "_" : "")
        + "agent_"
        + tenant
        + "_"
        + agentId;
  }

  @Override
  public Placement start(Launch launch) {
    Path worktree = worktrees.pathOf(launch.tenant(), launch.runId(), launch.taskId());
    String branch = Worktrees.branchOf(launch.runId(), launch.taskId());
    worktrees.ensure(launch.repo(), worktree, branch, launch.baseBranch());
    Placement placement =
        new Placement(sessionName(launch.tenant(), launch.agentId()), worktree, branch);
    launch(launch, placement);
    return placement;
  }

  @Override
  public void restart(Launch launch, Placement placement) {
    tmux.kill(placement.session());
    launch(launch, placement);
  }

  private void launch(Launch launch, Placement placement) {
    EngineConfig.AgentTemplate template = template(launch.kind());
    AgentFiles.Written written = files.write(placement.worktree(), launch, template.mcpFormat());
    Map<String, String> values = new LinkedHashMap<>();
    values.put("worktree", placement.worktree().toString());
    values.put("taskId", String.valueOf(launch.taskId()));
    values.put("agentId", String.valueOf(launch.agentId()));
    values.put("runId", String.valueOf(launch.runId()));
    values.put("promptFile", written.promptFile().toString());
    values.put("mcpConfig", written.mcpConfig().toString());
    values.put("apiUrl", config.apiUrl());
    values.put("mcpUrl", config.mcpGatewayUrl());
    List<String> command = new ArrayList<>();
    for (String arg : template.command()) {
      command.add(fill(arg, values));
    }
    tmux.newSession(
        placement.session(), placement.worktree(), env(launch, written, template), command);
  }

  @Override
  public boolean deliver(String session, String prompt, String marker) {
    waitFor(session, text -> !text.isBlank(), config.promptReadyTimeout());
    for (int attempt = 0; attempt < 2; attempt++) {
      if (!tmux.paste(session, "devflow-" + session, prompt)) {
        return false;
      }
      if (waitFor(session, text -> text.contains(marker), config.promptVerifyTimeout())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean type(String session, String message) {
    return tmux.paste(session, "devflow-msg-" + session, message);
  }

  @Override
  public State state(String session) {
    return tmux.pane(session)
        .map(
            p ->
                p.dead()
                    ? new State(Liveness.EXITED, p.exitStatus())
                    : new State(Liveness.RUNNING, 0))
        .orElse(new State(Liveness.GONE, 0));
  }

  @Override
  public Snapshot snapshot(String session) {
    return tmux.snapshot(session)
        .map(
            e ->
                new Snapshot(
                    e.getKey().dead()
                        ? new State(Liveness.EXITED, e.getKey().exitStatus())
                        : new State(Liveness.RUNNING, 0),
                    Optional.of(e.getValue())))
        .orElse(new Snapshot(new State(Liveness.GONE, 0), Optional.empty()));
  }

  @Override
  public Optional<String> capture(String session) {
    return tmux.capture(session);
  }

  @Override
  public void kill(String session) {
    tmux.kill(session);
  }

  @Override
  public List<String> sessions() {
    String own = sessionName("x", 0);
    String prefix = own.substring(0, own.indexOf("agent_") + "agent_".length());
    return tmux.sessions().stream().filter(s -> s.startsWith(prefix)).toList();
  }

  @Override
  public void removeWorktree(Path repo, Path worktree, String branch, boolean deleteBranch) {
    worktrees.remove(repo, worktree, branch, deleteBranch);
  }

  @Override
  public Path worktreesRoot() {
    return worktrees.root();
  }

  private EngineConfig.AgentTemplate template(String kind) {
    EngineConfig.AgentTemplate template = config.agents().get(kind);
    if (template == null || template.command().isEmpty()) {
      throw new ProblemException(
          ProblemType.VALIDATION,
          "Unknown agent kind '" + kind + "'; configured kinds: " + config.agents().keySet() + ".",
          "kind");
    }
    return template;
  }

  private Map<String, String> env(
      Launch launch, AgentFiles.Written written, EngineConfig.AgentTemplate template) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DEVFLOW_TENANT", launch.tenant());
    env.put("DEVFLOW_RUN_ID", String.valueOf(launch.runId()));
    env.put("DEVFLOW_TASK_ID", String.valueOf(launch.taskId()));
    env.put("DEVFLOW_AGENT_ID", String.valueOf(launch.agentId()));
    env.put("DEVFLOW_API_URL", config.apiUrl());
    env.put("DEVFLOW_MCP_URL", config.mcpGatewayUrl());
    env.put("DEVFLOW_PROMPT_FILE", written.promptFile().toString());
    env.put("DEVFLOW_TASK_FILE", written.taskFile().toString());
    if ("opencode".equals(template.mcpFormat())) {
      env.put("OPENCODE_CONFIG", written.mcpConfig().toString());
    }
    String who = "DevFlow agent " + launch.agentId();
    env.put("GIT_AUTHOR_NAME", who);
    env.put("GIT_COMMITTER_NAME", who);
    env.put("GIT_AUTHOR_EMAIL", "agent-" + launch.agentId() + "@devflow.local");
    env.put("GIT_COMMITTER_EMAIL", "agent-" + launch.agentId() + "@devflow.local");
    return env;
  }

  /**
   * Replaces known placeholders in one argument in a single pass; the result stays one argument.
   */
  static String fill(String arg, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(arg);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.getOrDefault(m.group(1), m.group(0));
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private boolean waitFor(String session, java.util.function.Predicate<String> test, Duration max) {
    Instant deadline = Instant.now().plus(max);
    do {
      Optional<String> text = tmux.capture(session);
      if (text.isEmpty()) {
        return false;
      }
      if (test.test(text.get())) {
        return true;
      }
      sleep(50);
    } while (Instant.now().isBefore(deadline));
    return false;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
