package dev.devflow.workflowengine.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devflow.workflowengine.config.EngineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes what an agent reads in its worktree under {@code .devflow/} (kept out of commits): the
 * prompt, the task's ids, and the MCP configuration pointing at the MCP gateway.
 */
@ApplicationScoped
public class AgentFiles {

  private final ObjectMapper json;
  private final EngineConfig config;

  public AgentFiles(ObjectMapper json, EngineConfig config) {
    this.json = json;
    this.config = config;
  }

  /** The paths written. */
  public record Written(Path promptFile, Path taskFile, Path mcpConfig) {}

  public Written write(Path worktree, AgentRuntime.Launch launch, String mcpFormat) {
    Path dir = worktree.resolve(".devflow");
    try {
      Files.createDirectories(dir);
      Path prompt = dir.resolve("prompt.md");
      Files.writeString(prompt, launch.prompt());
      Path task = dir.resolve("task.json");
      json.writerWithDefaultPrettyPrinter().writeValue(task.toFile(), taskInfo(launch));
      Path mcp = dir.resolve("opencode".equals(mcpFormat) ? "opencode.json" : "mcp.json");
      if (!"none".equals(mcpFormat)) {
        json.writerWithDefaultPrettyPrinter()
            .writeValue(mcp.toFile(), mcpConfig(mcpFormat, launch));
      }
      return new Written(prompt, task, mcp);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the agent's files in " + dir, e);
    }
  }

  private Map<String, Object> taskInfo(AgentRuntime.Launch launch) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("tenant", launch.tenant());
    info.put("runId", launch.runId());
    info.put("taskId", launch.taskId());
    info.put("agentId", launch.agentId());
    info.put("apiUrl", config.apiUrl());
    info.put("completeUrl", config.apiUrl() + "/tasks/" + launch.taskId() + "/complete");
    info.put("mcpUrl", config.mcpGatewayUrl());
    return info;
  }

  private Map<String, Object> mcpConfig(String format, AgentRuntime.Launch launch) {
    Map<String, String> headers =
        Map.of(
            "X-DevFlow-Task-Id", String.valueOf(launch.taskId()),
            "X-DevFlow-Agent-Id", String.valueOf(launch.agentId()),
            "X-DevFlow-Run-Id", String.valueOf(launch.runId()));
    Map<String, Object> server = new LinkedHashMap<>();
    if ("opencode".equals(format)) {
      server.put("type", "remote");
      server.put("url", config.mcpGatewayUrl());
      server.put("enabled", true);
      server.put("headers", headers);
      return Map.of("$schema", "https://opencode.ai/config.json", "mcp", Map.of("devflow", server));
    }
    server.put("type", "http");
    server.put("url", config.mcpGatewayUrl());
    server.put("headers", headers);
    return Map.of("mcpServers", Map.of("devflow", server));
  }
}
