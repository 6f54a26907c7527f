package dev.devflow.agents.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A Claude Code configuration directory of the agent's own ({@code CLAUDE_CONFIG_DIR}), so that
 * none of Claude Code's start-up questions waits for a person: onboarding is done, the worktree is
 * trusted, an {@code ANTHROPIC_API_KEY} in the environment is approved, the auto-mode offer was
 * seen. Its permission policy allows DevFlow's tools, reading and editing files and local git, and
 * denies what would take the branch out of DevFlow's hands; auto mode and bypassing permissions are
 * disabled. The user's own login (their credentials file and account) is linked in, so a
 * subscription works as it does in their own terminal.
 */
final class ClaudeConfig {

  private ClaudeConfig() {}

  static void write(
      ObjectMapper json,
      Path dir,
      AgentLaunch launch,
      Map<String, String> env,
      List<String> allow,
      List<String> deny,
      AgentEnvironment host) {
    try {
      Files.createDirectories(dir);
      ObjectNode state = json.createObjectNode();
      JsonNode user = CliSetup.readJson(json, host.userClaudeState());
      if (user != null && user.has("oauthAccount")) {
        state.set("oauthAccount", user.get("oauthAccount"));
      }
      state.put("hasCompletedOnboarding", true);
      state.put("hasSeenAutoDefaultNudge", true);
      state.put("theme", "dark");
      ObjectNode project = json.createObjectNode();
      project.put("hasTrustDialogAccepted", true);
      project.put("hasCompletedProjectOnboarding", true);
      project.putArray("allowedTools");
      ObjectNode projects = state.putObject("projects");
      projects.set(launch.worktree().toString(), project);
      Path real = launch.worktree().toRealPath();
      if (!real.equals(launch.worktree())) {
        projects.set(real.toString(), project.deepCopy());
      }
      ObjectNode keys = state.putObject("customApiKeyResponses");
      String key = env.get("ANTHROPIC_API_KEY");
      if (key != null && !key.isBlank()) {
        keys.putArray("approved").add(key.substring(Math.max(0, key.length() - 20)));
      } else {
        keys.putArray("approved");
      }
      keys.putArray("rejected");
      Path statePath = dir.resolve(".claude.json");
      json.writerWithDefaultPrettyPrinter().writeValue(statePath.toFile(), state);
      CliSetup.restrict(statePath);

      ObjectNode settings = json.createObjectNode();
      ObjectNode permissions = settings.putObject("permissions");
      allow.forEach(permissions.putArray("allow")::add);
      deny.forEach(permissions.putArray("deny")::add);
      permissions.put("defaultMode", "acceptEdits");
      permissions.put("disableAutoMode", "disable");
      permissions.put("disableBypassPermissionsMode", "disable");
      json.writerWithDefaultPrettyPrinter()
          .writeValue(dir.resolve("settings.json").toFile(), settings);

      linkCredentials(host.userClaudeDir().resolve(".credentials.json"), dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not prepare Claude Code's configuration in " + dir, e);
    }
  }

  private static void linkCredentials(Path credentials, Path dir) throws IOException {
    Path link = dir.resolve(".credentials.json");
    if (Files.isRegularFile(credentials)
        && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(link, credentials.toAbsolutePath());
    }
  }
}
