package dev.devflow.workflowengine.agent;

import dev.devflow.agents.cli.AgentEnvironment;
import dev.devflow.agents.cli.AgentKind;
import dev.devflow.agents.cli.AgentMode;
import dev.devflow.agents.cli.CliFamily;
import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.common.tenant.TenantSlug;
import dev.devflow.workflowengine.config.EngineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The agent kinds a tenant can start: the configured ones, with the program of each replaceable at
 * run time (a setting stored per tenant). Before an agent starts, its program must exist and be
 * executable, or the spawn is refused naming the setting.
 */
@ApplicationScoped
public class AgentKinds {

  /** A kind as the API shows it, with whether its program can run here now. */
  public record KindView(
      String kind,
      String family,
      String command,
      String source,
      String defaultMode,
      List<String> modes,
      Map<String, String> env,
      boolean available,
      String resolvedPath,
      String problem) {}

  private final Map<String, AgentKind> configured = new TreeMap<>();
  private final TenantSql db;
  private final AgentEnvironment environment;
  private final boolean inContainers;

  public AgentKinds(EngineConfig config, TenantSql db, AgentEnvironment environment) {
    this.db = db;
    this.environment = environment;
    this.inContainers = config.agentContainers().enabled();
    config
        .agents()
        .forEach(
            (name, template) ->
                configured.put(
                    name,
                    new AgentKind(
                        name,
                        CliFamily.parse(template.family()).orElse(CliFamily.GENERIC),
                        template.command(),
                        AgentMode.parse(template.mode()).orElse(AgentMode.INTERACTIVE),
                        template.env(),
                        template.allow().orElse(List.of()),
                        template.mcpFormat())));
  }

  /** The kind with the tenant's program setting applied; 422 naming {@code kind} if unknown. */
  public AgentKind require(String tenant, String kind) {
    AgentKind base = configured.get(kind);
    if (base == null || base.command().isEmpty()) {
      throw ProblemException.invalid(
          "kind", "Unknown agent kind '" + kind + "'; configured kinds: " + configured.keySet());
    }
    return setting(tenant, kind).map(s -> applied(base, s)).orElse(base);
  }

  /** The kind, if configured here, with the tenant's program setting applied. */
  public Optional<AgentKind> find(String tenant, String kind) {
    AgentKind base = configured.get(kind);
    if (base == null || base.command().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(setting(tenant, kind).map(s -> applied(base, s)).orElse(base));
  }

  /** A kind known by name only (a runner's own): the runner knows its program. */
  public static AgentKind named(String kind) {
    return new AgentKind(
        kind,
        CliFamily.GENERIC,
        List.of(kind),
        AgentMode.INTERACTIVE,
        Map.of(),
        List.of(),
        "claude");
  }

  /** The configured kinds, for runners that announce which of them they can run. */
  public Map<String, AgentKind> configured() {
    return Map.copyOf(configured);
  }

  /** The mode a spawn asked for, or the kind's default; 422 naming {@code mode} if not offered. */
  public AgentMode modeOf(AgentKind kind, String requested) {
    AgentMode mode =
        requested == null || requested.isBlank()
            ? kind.defaultMode()
            : AgentMode.parse(requested)
                .orElseThrow(
                    () -> ProblemException.invalid("mode", "mode is interactive or headless."));
    if (!kind.supports(mode)) {
      throw ProblemException.invalid(
          "mode", "Agent kind '" + kind.name() + "' runs only interactively (a generic CLI).");
    }
    return mode;
  }

  /** Refuses (422, naming the setting) a kind whose program is missing or not executable here. */
  public void requireRunnable(AgentKind kind) {
    Resolution r = resolve(kind.program());
    if (r.problem() != null) {
      throw new ProblemException(
          ProblemType.UNPROCESSABLE,
          "Agent kind '"
              + kind.name()
              + "' cannot start: "
              + r.problem()
              + " Set its program with PUT /api/v1/agent-kinds/"
              + kind.name()
              + " {\"command\": \"/path/to/program\"} or install it.",
          "agentKinds." + kind.name() + ".command");
    }
  }

  public List<KindView> list(String tenant) {
    List<KindView> views = new ArrayList<>();
    for (String name : configured.keySet()) {
      views.add(view(tenant, name));
    }
    return views;
  }

  public KindView view(String tenant, String name) {
    AgentKind kind = require(tenant, name);
    Optional<Setting> setting = setting(tenant, name);
    Resolution r = resolve(kind.program());
    List<String> modes =
        kind.family() == CliFamily.GENERIC
            ? List.of("interactive")
            : List.of("interactive", "headless");
    return new KindView(
        name,
        kind.family().id(),
        kind.program(),
        setting.filter(s -> s.command() != null).isPresent() ? "setting" : "configuration",
        kind.defaultMode().id(),
        modes,
        shown(kind.env()),
        r.problem() == null,
        r.path(),
        r.problem());
  }

  /** Sets (or, with nulls, clears) a kind's program, default mode and environment. */
  public KindView update(
      String tenant,
      String name,
      String command,
      String mode,
      Map<String, String> env,
      String user) {
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (e.getValue() == null || e.getValue().indexOf('\0') >= 0) {
        throw ProblemException.invalid("env", "env values are text without NUL characters.");
      }
    }
    AgentKind base = require(tenant, name);
    if (command != null && !command.matches("(/[^\\x00\\n\\r]{1,1023})|([A-Za-z0-9._+-]{1,255})")) {
      throw ProblemException.invalid(
          "command", "command is an absolute path or a program name found on the PATH.");
    }
    if (mode != null) {
      modeOf(base, mode);
    }
    // A value shown as "***" and sent back unchanged keeps the value stored before.
    Map<String, String> stored = setting(tenant, name).map(Setting::env).orElse(Map.of());
    Map<String, String> kept = new java.util.LinkedHashMap<>();
    env.forEach(
        (k, v) -> {
          if (!"***".equals(v)) {
            kept.put(k, v);
          } else if (stored.containsKey(k)) {
            kept.put(k, stored.get(k));
          }
        });
    env = kept;
    db.update(
        TenantSlug.of(tenant),
        "INSERT INTO {schema}.agent_settings (kind, command, mode, env, updated_by)"
            + " VALUES (?, ?, ?, ?::jsonb, ?) ON CONFLICT (kind) DO UPDATE SET command ="
            + " EXCLUDED.command, mode = EXCLUDED.mode, env = EXCLUDED.env, updated_by ="
            + " EXCLUDED.updated_by, updated_at = now()",
        name,
        command,
        mode,
        db.toJson(env),
        user);
    return view(tenant, name);
  }

  private record Setting(String command, String mode, Map<String, String> env) {}

  private Optional<Setting> setting(String tenant, String kind) {
    return db.one(
        TenantSlug.of(tenant),
        "SELECT command, mode, env::text FROM {schema}.agent_settings WHERE kind = ?",
        rs -> new Setting(rs.getString(1), rs.getString(2), envOf(rs.getString(3))),
        kind);
  }

  private Map<String, String> envOf(String text) {
    try {
      return db.json().readValue(text, new com.fasterxml.jackson.core.type.TypeReference<>() {});
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return Map.of();
    }
  }

  /** The environment as the API shows it: secrets' values hidden. */
  private static Map<String, String> shown(Map<String, String> env) {
    Map<String, String> out = new TreeMap<>();
    env.forEach(
        (k, v) ->
            out.put(k, k.matches("(?i).*(KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL).*") ? "***" : v));
    return out;
  }

  private static AgentKind applied(AgentKind base, Setting setting) {
    AgentKind kind = setting.command() == null ? base : base.withProgram(setting.command());
    Map<String, String> env = new java.util.LinkedHashMap<>(kind.env());
    env.putAll(setting.env());
    return new AgentKind(
        kind.name(),
        kind.family(),
        kind.command(),
        setting.mode() == null
            ? kind.defaultMode()
            : AgentMode.parse(setting.mode()).orElse(kind.defaultMode()),
        env,
        kind.allow(),
        kind.mcpFormat());
  }

  private record Resolution(String path, String problem) {}

  /** Finds the program as the agent would: an absolute path, or a name on the agents' PATH. */
  private Resolution resolve(String program) {
    if (program == null || program.isBlank()) {
      return new Resolution(null, "no program is set.");
    }
    if (inContainers) {
      // the program is in the agent image, which this engine cannot look into
      return new Resolution(program, null);
    }
    if (program.contains("/")) {
      Path path = Path.of(program);
      if (!Files.exists(path)) {
        return new Resolution(null, program + " does not exist.");
      }
      if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
        return new Resolution(null, program + " is not an executable file.");
      }
      return new Resolution(path.toString(), null);
    }
    String searchPath = environment.base().getOrDefault("PATH", "");
    for (String dir : searchPath.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return new Resolution(candidate.toString(), null);
      }
    }
    return new Resolution(null, "'" + program + "' is not on the PATH.");
  }
}
