package dev.devflow.cli.runner;

import dev.devflow.agents.cli.AgentKind;
import dev.devflow.agents.cli.AgentMode;
import dev.devflow.agents.cli.CliFamily;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a runner serves and runs: its repositories by name, its agent kinds with where each CLI is,
 * where it keeps worktrees and tmux sockets, and the DevFlow it connects to.
 */
record RunnerSettings(
    URI apiUrl,
    String apiKey,
    String name,
    Map<String, Path> repositories,
    Map<String, AgentKind> kinds,
    Path home,
    Map<String, String> env) {

  /** The kinds every runner knows, before --program and --agent-kind. */
  static Map<String, AgentKind> defaultKinds() {
    Map<String, AgentKind> kinds = new LinkedHashMap<>();
    kinds.put(
        "claude-code",
        new AgentKind(
            "claude-code",
            CliFamily.CLAUDE,
            List.of("claude"),
            AgentMode.INTERACTIVE,
            Map.of(),
            List.of(),
            "claude"));
    kinds.put(
        "opencode",
        new AgentKind(
            "opencode",
            CliFamily.OPENCODE,
            List.of("opencode"),
            AgentMode.INTERACTIVE,
            Map.of(),
            List.of(),
            "opencode"));
    return kinds;
  }

  /** {@code name=path} or a bare path (named after its directory). */
  static Map.Entry<String, Path> repository(String spec) {
    int eq = spec.indexOf('=');
    Path path = Path.of(eq < 0 ? spec : spec.substring(eq + 1)).toAbsolutePath().normalize();
    String name = eq < 0 ? String.valueOf(path.getFileName()) : spec.substring(0, eq);
    if (!name.matches("[A-Za-z0-9._/-]{1,200}")) {
      throw new IllegalArgumentException(
          "--repo " + spec + ": a name is 1-200 of A-Z a-z 0-9 . _ / -");
    }
    if (!Files.isDirectory(path.resolve(".git")) && !Files.isRegularFile(path.resolve(".git"))) {
      throw new IllegalArgumentException("--repo " + spec + ": " + path + " is not a git checkout");
    }
    return Map.entry(name, path);
  }

  /** {@code kind=/path/to/program}: where a known kind's CLI is. */
  static void program(Map<String, AgentKind> kinds, String spec) {
    int eq = spec.indexOf('=');
    if (eq < 1 || !kinds.containsKey(spec.substring(0, eq))) {
      throw new IllegalArgumentException(
          "--program " + spec + ": use KIND=PATH with a kind of " + kinds.keySet());
    }
    String kind = spec.substring(0, eq);
    kinds.put(kind, kinds.get(kind).withProgram(spec.substring(eq + 1)));
  }

  /** {@code name=family:command,arg,...}: a kind of this runner's own (generic CLIs, scripts). */
  static void agentKind(Map<String, AgentKind> kinds, String spec) {
    int eq = spec.indexOf('=');
    int colon = spec.indexOf(':', eq + 1);
    if (eq < 1 || colon < 0) {
      throw new IllegalArgumentException(
          "--agent-kind "
              + spec
              + ": use NAME=FAMILY:COMMAND[,ARG...] (claude, opencode, generic)");
    }
    String name = spec.substring(0, eq);
    CliFamily family =
        CliFamily.parse(spec.substring(eq + 1, colon))
            .orElseThrow(
                () -> new IllegalArgumentException("--agent-kind " + spec + ": unknown family"));
    List<String> command = List.of(spec.substring(colon + 1).split(","));
    kinds.put(
        name,
        new AgentKind(
            name,
            family,
            command,
            AgentMode.INTERACTIVE,
            Map.of(),
            List.of(),
            family == CliFamily.OPENCODE ? "opencode" : "claude"));
  }

  /** Whether a kind's program can run here: its path, or why not. */
  Optional<String> problemOf(AgentKind kind) {
    String program = kind.program();
    if (program.contains("/")) {
      Path path = Path.of(program);
      if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
        return Optional.of(program + " is not an executable file");
      }
      return Optional.empty();
    }
    for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isBlank() && Files.isExecutable(Path.of(dir, program))) {
        return Optional.empty();
      }
    }
    return Optional.of("'" + program + "' is not on the PATH");
  }

  List<Map<String, Object>> announcedKinds() {
    List<Map<String, Object>> out = new ArrayList<>();
    kinds.forEach(
        (name, kind) -> {
          Map<String, Object> k = new LinkedHashMap<>();
          k.put("kind", name);
          Optional<String> problem = problemOf(kind);
          k.put("available", problem.isEmpty());
          k.put("program", kind.program());
          k.put("problem", problem.orElse(null));
          k.put("family", kind.family().id());
          out.add(k);
        });
    return out;
  }
}
