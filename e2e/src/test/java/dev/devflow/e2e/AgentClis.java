package dev.devflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real agent CLIs, as npm installs them from e2e/package-lock.json (Claude Code 2.1.328,
 * OpenCode 1.18.33): their Linux binaries, and the user-side setup each needs to reach the scripted
 * model (an API key and base URL for Claude Code; a custom OpenAI-compatible provider in OpenCode's
 * own configuration).
 */
final class AgentClis {

  private AgentClis() {}

  static Path claude() {
    Node.install();
    Path binary = Node.dir().resolve("node_modules/@anthropic-ai/claude-code-linux-x64/claude");
    assertThat(binary).as("Claude Code's Linux binary from npm").isExecutable();
    return binary;
  }

  static Path opencode() {
    Node.install();
    Path binary = Node.dir().resolve("node_modules/opencode-linux-x64/bin/opencode");
    assertThat(binary).as("OpenCode's Linux binary from npm").isExecutable();
    return binary;
  }

  /** The body of PUT /api/v1/agent-kinds/claude-code pointing Claude Code at the model. */
  static String claudeKind(ScriptedModel model) {
    return "{\"command\":\""
        + claude()
        + "\",\"env\":{\"ANTHROPIC_BASE_URL\":\""
        + model.baseUrl()
        + "\",\"ANTHROPIC_API_KEY\":\"sk-ant-scripted-0123456789abcdefghijklmnop\","
        + "\"CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC\":\"1\"}}";
  }

  /** An XDG config home whose opencode.json has the scripted model as a custom provider. */
  static Path opencodeConfigHome(Path dir, ScriptedModel model) throws IOException {
    Path config = Files.createDirectories(dir.resolve("xdg-config/opencode"));
    Files.writeString(
        config.resolve("opencode.json"),
        "{\"$schema\":\"https://opencode.ai/config.json\",\"provider\":{\"scripted\":{\"npm\":"
            + "\"@ai-sdk/openai-compatible\",\"name\":\"Scripted\",\"options\":{\"baseURL\":\""
            + model.baseUrl()
            + "/v1\",\"apiKey\":\"sk-scripted\"},\"models\":{\"scripted\":{\"name\":\"Scripted"
            + " model\",\"tool_call\":true}}}},\"model\":\"scripted/scripted\"}");
    return dir.resolve("xdg-config");
  }

  /** The body of PUT /api/v1/agent-kinds/opencode pointing OpenCode at the model. */
  static String opencodeKind(Path configHome) {
    return "{\"command\":\""
        + opencode()
        + "\",\"env\":{\"XDG_CONFIG_HOME\":\""
        + configHome
        + "\"}}";
  }
}
