package dev.devflow.agents.cli;

import java.util.List;
import java.util.Map;

/**
 * A kind of agent: a name (claude-code, opencode...), its CLI family and the command that starts
 * it. For Claude Code and OpenCode the command is the program and any extra arguments, and DevFlow
 * adds the rest; for a generic CLI it is the whole template, whose {@code {placeholders}} DevFlow
 * fills in each argument.
 *
 * @param allow extra permissions a Claude Code agent of this kind gets beyond DevFlow's own (for
 *     example {@code Bash(npm test:*)}); OpenCode's take {@code bash} patterns
 * @param mcpFormat for a generic CLI: which MCP configuration to write (claude, opencode, none)
 */
public record AgentKind(
    String name,
    CliFamily family,
    List<String> command,
    AgentMode defaultMode,
    Map<String, String> env,
    List<String> allow,
    String mcpFormat) {

  public AgentKind {
    command = List.copyOf(command);
    env = Map.copyOf(env);
    allow = List.copyOf(allow);
  }

  /** The program this kind runs (the command's first argument). */
  public String program() {
    return command.isEmpty() ? "" : command.get(0);
  }

  /** The same kind running another program (a path set at run time). */
  public AgentKind withProgram(String program) {
    List<String> changed = new java.util.ArrayList<>(command);
    if (changed.isEmpty()) {
      changed.add(program);
    } else {
      changed.set(0, program);
    }
    return new AgentKind(name, family, changed, defaultMode, env, allow, mcpFormat);
  }

  /** Whether this kind can run in the mode (generic CLIs only interactively). */
  public boolean supports(AgentMode mode) {
    return mode == AgentMode.INTERACTIVE || family != CliFamily.GENERIC;
  }
}
