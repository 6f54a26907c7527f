package dev.devflow.agents.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prepares everything a CLI needs before it starts, so it runs unattended: under {@code
 * <worktree>/.devflow/} (kept out of commits) the prompt, the task's ids, the MCP configuration in
 * the CLI's own format carrying the agent's token, and for Claude Code a configuration directory of
 * its own (onboarding done, the worktree trusted, the API key approved, DevFlow's permission
 * policy). Then it builds the command line and the environment, never a shell command.
 */
public class CliSetup {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

  /** What the agent is allowed without asking: DevFlow's tools, reading and editing, local git. */
  static final List<String> CLAUDE_ALLOW =
      List.of(
          "mcp__devflow",
          "Read",
          "Edit",
          "MultiEdit",
          "Write",
          "NotebookEdit",
          "Glob",
          "Grep",
          "LS",
          "TodoWrite",
          "Bash(git add:*)",
          "Bash(git commit:*)",
          "Bash(git status:*)",
          "Bash(git diff:*)",
          "Bash(git log:*)",
          "Bash(git show:*)",
          "Bash(git mv:*)",
          "Bash(git rm:*)",
          "Bash(git restore:*)",
          "Bash(ls:*)");

  /** Never, whatever an allow rule says: the branch and its history belong to DevFlow. */
  static final List<String> CLAUDE_DENY =
      List.of(
          "Bash(git push:*)",
          "Bash(git checkout:*)",
          "Bash(git switch:*)",
          "Bash(git merge:*)",
          "Bash(git rebase:*)",
          "Bash(git reset:*)",
          "Bash(git branch:*)",
          "Bash(git worktree:*)",
          "Bash(sudo:*)");

  static final List<String> OPENCODE_BASH_ALLOW =
      List.of(
          "git add *",
          "git commit *",
          "git status*",
          "git diff*",
          "git log*",
          "git show*",
          "git mv *",
          "git rm *",
          "git restore *",
          "ls*");

  /** What a prepared agent is: its command line, environment, and how its prompt reaches it. */
  public record Prepared(
      List<String> command, Map<String, String> env, boolean pastePrompt, Path dir) {}

  private final ObjectMapper json = new ObjectMapper();
  private final AgentEnvironment environment;

  public CliSetup(AgentEnvironment environment) {
    this.environment = environment;
  }

  public Prepared prepare(AgentLaunch launch) {
    Path dir = launch.worktree().resolve(".devflow");
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("prompt.md"), launch.prompt());
      writePrivate(dir.resolve("task.json"), taskInfo(launch));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the agent's files in " + dir, e);
    }
    Map<String, String> env = environment.forAgent(launch, dir);
    return switch (launch.kind().family()) {
      case CLAUDE -> claude(launch, dir, env);
      case OPENCODE -> opencode(launch, dir, env);
      case GENERIC -> generic(launch, dir, env);
    };
  }

  private Prepared claude(AgentLaunch launch, Path dir, Map<String, String> env) {
    Path config = dir.resolve("claude");
    Path mcp = dir.resolve("mcp.json");
    writePrivate(mcp, claudeMcp(launch));
    ClaudeConfig.write(json, config, launch, env, allowOf(launch), CLAUDE_DENY, environment);
    env.put("CLAUDE_CONFIG_DIR", config.toString());
    env.putIfAbsent("DISABLE_AUTOUPDATER", "1");
    List<String> command = new ArrayList<>(launch.kind().command());
    if (launch.mode() == AgentMode.HEADLESS) {
      command.addAll(List.of("-p", launch.prompt(), "--output-format", "stream-json", "--verbose"));
    }
    command.addAll(
        List.of(
            "--mcp-config",
            mcp.toString(),
            "--strict-mcp-config",
            "--permission-mode",
            "acceptEdits"));
    if (launch.mode() == AgentMode.HEADLESS) {
      command.addAll(
          List.of(
              "--allowedTools",
              String.join(",", allowOf(launch)),
              "--disallowedTools",
              String.join(",", CLAUDE_DENY)));
    }
    return new Prepared(command, env, launch.mode() == AgentMode.INTERACTIVE, dir);
  }

  private Prepared opencode(AgentLaunch launch, Path dir, Map<String, String> env) {
    Path config = dir.resolve("opencode.json");
    writePrivate(config, opencodeConfig(launch));
    env.put("OPENCODE_CONFIG", config.toString());
    // Nobody edits an agent's worktree beside it: watching every directory for changes is work
    // for nothing at start (inotify watches over the whole tree).
    env.putIfAbsent("OPENCODE_EXPERIMENTAL_DISABLE_FILEWATCHER", "true");
    List<String> command = new ArrayList<>(launch.kind().command());
    if (launch.mode() == AgentMode.HEADLESS) {
      command.addAll(List.of("run", "--format", "json", launch.prompt()));
    } else {
      // The minimal interface (--mini) is interactive like the full one (an input line for the
      // Guardian's and people's messages, the same permission questions) but starts in half the
      // time: measured spawn to first DevFlow tool result 11-12 s with the full interface on 2
      // cores, over the 10 s target. It submits --prompt itself, so nothing waits to paste it.
      command.addAll(List.of(launch.worktree().toString(), "--mini", "--prompt", launch.prompt()));
    }
    return new Prepared(command, env, false, dir);
  }

  private Prepared generic(AgentLaunch launch, Path dir, Map<String, String> env) {
    String format = launch.kind().mcpFormat() == null ? "claude" : launch.kind().mcpFormat();
    Path mcp = dir.resolve("opencode".equals(format) ? "opencode.json" : "mcp.json");
    if ("opencode".equals(format)) {
      writePrivate(mcp, opencodeConfig(launch));
      env.put("OPENCODE_CONFIG", mcp.toString());
    } else if (!"none".equals(format)) {
      writePrivate(mcp, claudeMcp(launch));
    }
    Map<String, String> values = new LinkedHashMap<>();
    values.put("worktree", launch.worktree().toString());
    values.put("taskId", String.valueOf(launch.taskId()));
    values.put("agentId", String.valueOf(launch.agentId()));
    values.put("runId", String.valueOf(launch.runId()));
    values.put("promptFile", dir.resolve("prompt.md").toString());
    values.put("mcpConfig", mcp.toString());
    values.put("apiUrl", launch.apiUrl());
    values.put("mcpUrl", launch.mcpUrl());
    List<String> command = new ArrayList<>();
    for (String arg : launch.kind().command()) {
      command.add(fill(arg, values));
    }
    return new Prepared(command, env, true, dir);
  }

  private List<String> allowOf(AgentLaunch launch) {
    List<String> allow = new ArrayList<>(CLAUDE_ALLOW);
    allow.addAll(launch.kind().allow());
    return allow;
  }

  private Map<String, Object> taskInfo(AgentLaunch launch) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("tenant", launch.tenant());
    info.put("runId", launch.runId());
    info.put("taskId", launch.taskId());
    info.put("agentId", launch.agentId());
    info.put("apiUrl", launch.apiUrl());
    info.put("completeUrl", launch.apiUrl() + "/tasks/" + launch.taskId() + "/complete");
    info.put("authorization", "Bearer " + launch.token());
    info.put("mcpUrl", launch.mcpUrl());
    return info;
  }

  private static Map<String, Object> claudeMcp(AgentLaunch launch) {
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("type", "http");
    server.put("url", launch.mcpUrl());
    server.put("headers", Map.of("Authorization", "Bearer " + launch.token()));
    return Map.of("mcpServers", Map.of("devflow", server));
  }

  private Map<String, Object> opencodeConfig(AgentLaunch launch) {
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("type", "remote");
    server.put("url", launch.mcpUrl());
    server.put("enabled", true);
    server.put("headers", Map.of("Authorization", "Bearer " + launch.token()));
    Map<String, Object> bash = new LinkedHashMap<>();
    bash.put("*", "ask");
    for (String pattern : OPENCODE_BASH_ALLOW) {
      bash.put(pattern, "allow");
    }
    for (String extra : launch.kind().allow()) {
      bash.put(extra, "allow");
    }
    for (String denied : List.of("git push*", "git checkout*", "git switch*", "git reset*")) {
      bash.put(denied, "deny");
    }
    Map<String, Object> permission = new LinkedHashMap<>();
    permission.put("edit", "allow");
    permission.put("bash", bash);
    permission.put("webfetch", "ask");
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("$schema", "https://opencode.ai/config.json");
    config.put("autoupdate", false);
    config.put("share", "disabled");
    // OpenCode's undo snapshots copy the worktree into a git store of their own before each step
    // (seconds on a large repository's first step); DevFlow's own commits and merge are the
    // record, so an unattended agent does not need them.
    config.put("snapshot", false);
    config.put("mcp", Map.of("devflow", server));
    config.put("permission", permission);
    return config;
  }

  /** Writes a file only its owner can read: it carries the agent's token. */
  void writePrivate(Path file, Object value) {
    try {
      json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), value);
      restrict(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + file, e);
    }
  }

  static void restrict(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      // not a POSIX file system: its own access rules apply
    }
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

  /** Reads a JSON file, or null when it is missing or unreadable. */
  static JsonNode readJson(ObjectMapper json, Path file) {
    try {
      return Files.isRegularFile(file) ? json.readTree(file.toFile()) : null;
    } catch (IOException e) {
      return null;
    }
  }
}
