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

  /** The tmux server socket name ({@code tmux -L}); keeps DevFlow's sessions apart from yours. */
  @WithDefault("devflow")
  String tmuxSocket();

  /** Prefix of the agents' session names, before {@code agent_<tenant>_<id>}. */
  @WithDefault("")
  Optional<String> sessionPrefix();

  /** The git binary. */
  @WithDefault("git")
  String gitBinary();

  /** This engine's API base URL, handed to agents so they can report back. */
  @WithDefault("http://127.0.0.1:8181/api/v1")
  String apiUrl();

  /** The MCP gateway URL written into each agent's MCP configuration. */
  @WithDefault("http://localhost:8051/mcp")
  String mcpGatewayUrl();

  /** How often panes are captured into their logs (and activity is noticed). */
  @WithDefault("5s")
  Duration captureInterval();

  /** How long to wait for a fresh agent's pane to show anything before the prompt is pasted. */
  @WithDefault("10s")
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

  /** The OpenAI-compatible endpoint (AOSentry) the Guardian may consult. */
  Llm llm();

  /** One agent kind. */
  interface AgentTemplate {
    /**
     * The command as separate arguments; {worktree}, {taskId}, {agentId}, {runId}, {promptFile},
     * {apiUrl}, {mcpUrl}, {mcpConfig} are replaced inside each argument, never parsed by a shell.
     */
    List<String> command();

    /**
     * Which MCP configuration file to write: claude (.mcp.json), opencode (opencode.json), none.
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

    /** No pane change for this long means the agent is idle. */
    @WithDefault("5m")
    Duration idleAfter();

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
