package dev.devflow.agents.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment an agent's CLI sees: what it needs from its host's environment (the path, the
 * locale, proxies, the model providers' own settings and keys) and DevFlow's task variables, but
 * nothing else: a service's database URL, signing keys and encryption keys never reach an agent.
 */
public class AgentEnvironment {

  private static final List<String> NAMES =
      List.of(
          "PATH",
          "HOME",
          "USER",
          "LOGNAME",
          "SHELL",
          "LANG",
          "LANGUAGE",
          "TZ",
          "TMPDIR",
          "COLORTERM",
          "SSH_AUTH_SOCK",
          "HTTP_PROXY",
          "HTTPS_PROXY",
          "NO_PROXY",
          "http_proxy",
          "https_proxy",
          "no_proxy",
          "NODE_EXTRA_CA_CERTS",
          "SSL_CERT_FILE",
          "SSL_CERT_DIR",
          "CLOUD_ML_REGION",
          "GOOGLE_APPLICATION_CREDENTIALS");

  private static final List<String> PREFIXES =
      List.of(
          "LC_",
          "XDG_",
          "ANTHROPIC_",
          "CLAUDE_CODE_",
          "OPENAI_",
          "OPENCODE_",
          "AWS_",
          "GIT_SSH",
          "DISABLE_");

  private final Map<String, String> host;
  private final Map<String, String> passed = new LinkedHashMap<>();

  /**
   * @param host this process's environment
   * @param extraNames further variables to pass on, by exact name (operators' own settings)
   */
  public AgentEnvironment(Map<String, String> host, List<String> extraNames) {
    this.host = Map.copyOf(host);
    host.forEach(
        (name, value) -> {
          if (NAMES.contains(name)
              || extraNames.contains(name)
              || PREFIXES.stream().anyMatch(name::startsWith)) {
            passed.put(name, value);
          }
        });
    passed.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
    passed.putIfAbsent("LANG", "C.UTF-8");
  }

  /** Passed through from the host, for the tmux server and any program an agent starts. */
  public Map<String, String> base() {
    return Map.copyOf(passed);
  }

  /** The user's own Claude Code configuration directory (for their login). */
  public Path userClaudeDir() {
    String configured = host.get("CLAUDE_CONFIG_DIR");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(host.getOrDefault("HOME", System.getProperty("user.home")), ".claude");
  }

  /** The file Claude Code keeps its global state in, for the user's own login. */
  public Path userClaudeState() {
    String configured = host.get("CLAUDE_CONFIG_DIR");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured, ".claude.json");
    }
    return Path.of(host.getOrDefault("HOME", System.getProperty("user.home")), ".claude.json");
  }

  public Map<String, String> forAgent(AgentLaunch launch, Path dir) {
    Map<String, String> env = new LinkedHashMap<>(passed);
    env.putAll(launch.kind().env());
    env.put("DEVFLOW_TENANT", launch.tenant());
    env.put("DEVFLOW_RUN_ID", String.valueOf(launch.runId()));
    env.put("DEVFLOW_TASK_ID", String.valueOf(launch.taskId()));
    env.put("DEVFLOW_AGENT_ID", String.valueOf(launch.agentId()));
    env.put("DEVFLOW_API_URL", launch.apiUrl());
    env.put("DEVFLOW_MCP_URL", launch.mcpUrl());
    env.put("DEVFLOW_AGENT_TOKEN", launch.token());
    env.put("DEVFLOW_PROMPT_FILE", dir.resolve("prompt.md").toString());
    env.put("DEVFLOW_TASK_FILE", dir.resolve("task.json").toString());
    String who = "DevFlow agent " + launch.agentId();
    env.put("GIT_AUTHOR_NAME", who);
    env.put("GIT_COMMITTER_NAME", who);
    env.put("GIT_AUTHOR_EMAIL", "agent-" + launch.agentId() + "@devflow.local");
    env.put("GIT_COMMITTER_EMAIL", "agent-" + launch.agentId() + "@devflow.local");
    return env;
  }
}
