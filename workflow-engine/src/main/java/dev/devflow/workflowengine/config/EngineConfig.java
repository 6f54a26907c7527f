package dev.devflow.workflowengine.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings of the workflow engine, under {@code devflow.workflow-engine.*}. */
@ConfigMapping(prefix = "devflow.workflow-engine")
public interface EngineConfig {

  /** Directory under which every agent's git worktree is created; nothing escapes it. */
  @WithDefault("${user.home}/.devflow/worktrees")
  String worktreesRoot();

  /** The tmux binary. */
  @WithDefault("tmux")
  String tmuxBinary();

  /**
   * Where each agent's own tmux server keeps its socket ({@code tmux -S <dir>/<session> attach}
   * attaches to one); one server per agent, so no agent can take another down.
   */
  @WithDefault("${user.home}/.devflow/tmux")
  String tmuxSocketDir();

  /** Prefix of the agents' session names, before {@code agent_<tenant>_<id>}. */
  @WithDefault("")
  Optional<String> sessionPrefix();

  /** The git binary. */
  @WithDefault("git")
  String gitBinary();

  /** This engine's API base URL, handed to agents so they can report back. */
  @WithDefault("http://127.0.0.1:8181/api/v1")
  String apiUrl();

  /**
   * The MCP URL written into each agent's MCP configuration, with the agent's own token: the
   * api-gateway's {@code /mcp}, which checks the token and forwards to the MCP gateway.
   */
  @WithDefault("http://127.0.0.1:3737/mcp")
  String mcpGatewayUrl();

  /**
   * Where agents run: {@code tmux} (the engine's own machine), {@code runner} ({@code devflow
   * runner} on developers' machines), or {@code auto}: tmux in local and on-prem mode, runners in
   * SaaS and dedicated mode.
   */
  @WithDefault("auto")
  String runtime();

  /**
   * Outside local mode, the directory holding each tenant's repositories ({@code <root>/<tenant>});
   * a run's repository path must lie inside its tenant's. Unset: only runners run agents.
   */
  Optional<String> reposRoot();

  /** Further environment variables (by name) that agents may see, beyond DevFlow's list. */
  Optional<List<String>> passEnv();

  /** How often panes are captured into their logs (and activity is noticed). */
  @WithDefault("5s")
  Duration captureInterval();

  /** How long an interactive CLI may take to show its input prompt before the prompt is pasted. */
  @WithDefault("30s")
  Duration promptReadyTimeout();

  /** How long to wait for a pasted prompt to show in the pane before delivery counts as failed. */
  @WithDefault("5s")
  Duration promptVerifyTimeout();

  /** How long a finished agent's session may live on after its merge (so it hears the answer). */
  @WithDefault("3s")
  Duration cleanupDelay();

  /** Agent kinds by name (claude-code, opencode, generic...), each a command template. */
  Map<String, AgentTemplate> agents();

  /** The plan limits used until the gateway provides the tenant's plan. */
  Limits limits();

  /** The Guardian. */
  GuardianSettings guardian();

  /** Agents in containers of their own (on-prem), started through DevFlow's Docker socket proxy. */
  AgentContainerSettings agentContainers();

  /** The OpenAI-compatible endpoint (AOSentry) the Guardian may consult. */
  Llm llm();

  /**
   * Each agent's tmux server in a container of its own instead of this engine's (see {@code
   * deploy/onprem/docker-compose.agents.yml}). The volumes must be mounted in the engine at the
   * same paths: the tmux sockets' directory, the worktrees and the repositories.
   */
  interface AgentContainerSettings {
    @WithDefault("false")
    boolean enabled();

    /** The Docker API: DevFlow's socket proxy, never the socket itself. */
    @WithDefault("http://docker-proxy:2375")
    String dockerUrl();

    /** The agent image: git, tmux and the agent CLIs. */
    @WithDefault("devflow/agent:${quarkus.application.version}")
    String image();

    /** The network agent containers join (they reach the engine and the MCP gateway on it). */
    @WithDefault("devflow-agents")
    String network();

    /** Named volumes, each {@code name:/path}, mounted at the same paths as in the engine. */
    Optional<List<String>> volumes();

    /** The uid:gid agents run as: the engine's own, since tmux serves only its own user. */
    @WithDefault("185:0")
    String user();

    @WithDefault("2048")
    long memoryMb();

    @WithDefault("1.0")
    double cpus();

    @WithDefault("512")
    long pids();
  }

  /** One agent kind. */
  interface AgentTemplate {
    /**
     * Which CLI this kind runs: claude (Claude Code), opencode (OpenCode) or generic (any CLI that
     * takes its task pasted in, or from $DEVFLOW_PROMPT_FILE).
     */
    @WithDefault("generic")
    String family();

    /**
     * The command as separate arguments. For claude and opencode: the program and any extra
     * arguments (DevFlow adds its own). For generic: the whole command, where {worktree}, {taskId},
     * {agentId}, {runId}, {promptFile}, {apiUrl}, {mcpUrl}, {mcpConfig} are replaced inside each
     * argument, never parsed by a shell.
     */
    List<String> command();

    /** How it runs unless a spawn says otherwise: interactive or headless. */
    @WithDefault("interactive")
    String mode();

    /** Environment variables set for this kind's agents. */
    Map<String, String> env();

    /** Extra permissions beyond DevFlow's own (Claude Code rules, OpenCode bash patterns). */
    Optional<List<String>> allow();

    /**
     * For generic kinds: which MCP configuration file to write: claude (mcp.json), opencode
     * (opencode.json), none.
     */
    @WithDefault("claude")
    String mcpFormat();
  }

  /** Plan limits from configuration. */
  interface Limits {
    /** Agents one tenant may run at once. */
    @WithDefault("10")
    int maxConcurrentAgents();

    /** Phases a workflow definition may have; unset means unlimited (the free tier allows 3). */
    Optional<Integer> maxPhasesPerWorkflow();
  }

  /** How the Guardian watches agents. */
  interface GuardianSettings {
    /** Whether the Guardian runs at all. */
    @WithDefault("true")
    boolean enabled();

    /** Time between two samples of every agent's pane. */
    @WithDefault("60s")
    Duration interval();

    /** Agents younger than this are left alone. */
    @WithDefault("60s")
    Duration gracePeriod();

    /** No pane change for this long, or this long at the CLI's idle input prompt, means idle. */
    @WithDefault("5m")
    Duration idleAfter();

    /**
     * This long at a permission prompt or a start-up question means the agent is blocked: the
     * Guardian refuses what it waits for and tells it why.
     */
    @WithDefault("60s")
    Duration waitingAfter();

    /** How long an agent may work on one task before it is stopped. */
    @WithDefault("2h")
    Duration timeBudget();

    /** How many times the same output line must repeat in the recent output to count as a loop. */
    @WithDefault("5")
    int loopRepeats();

    /** Regular expression of output lines that mean the agent is failing. */
    @WithDefault("(?i)(\\bfatal\\b|\\berror:|exception\\b|traceback \\(most recent call last\\))")
    String errorPattern();

    /** Messages typed into one agent before the Guardian restarts it. */
    @WithDefault("2")
    int messagesBeforeRestart();

    /** Restarts of one agent before the Guardian stops it. */
    @WithDefault("1")
    int restartsBeforeStop();
  }

  /** The OpenAI-compatible chat endpoint. */
  interface Llm {
    /** Base URL, e.g. https://aosentry.example/v1; unset means the Guardian uses rules only. */
    Optional<String> baseUrl();

    /** API key ({@code AOSENTRY_API_KEY}); never logged. */
    Optional<String> apiKey();

    /** Model name. */
    @WithDefault("gpt-4o-mini")
    String model();

    /** Timeout of one judgment call. */
    @WithDefault("20s")
    Duration timeout();
  }
}
