package dev.devflow.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The project's scripted model server (e2e/agents/scripted-model.mjs) on a loopback port: the
 * Anthropic Messages API for Claude Code and OpenAI chat completions for OpenCode, answering every
 * turn from a fixed script (read the phase, claim, write a file, commit, report). Every turn it
 * answered is in its log, with the time and the previous call's result.
 */
public final class ScriptedModel implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final int port;
  private final Path log;

  private ScriptedModel(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  public static ScriptedModel start(Path logDir) throws IOException {
    Node.install();
    String node =
        Commands.findExecutable("node").orElseThrow(() -> new IllegalStateException("no node"));
    Files.createDirectories(logDir);
    ProcessBuilder builder =
        new ProcessBuilder(node, "agents/scripted-model.mjs", "0", logDir.toString())
            .directory(Node.dir().toFile())
            .redirectErrorStream(true);
    Process process = builder.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("listening ")) {
      process.destroyForcibly();
      throw new IllegalStateException("the scripted model did not start: " + line);
    }
    Thread drain =
        new Thread(
            () -> {
              try {
                while (out.readLine() != null) {
                  // keep the pipe empty
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "scripted-model-out");
    drain.setDaemon(true);
    drain.start();
    return new ScriptedModel(
        process,
        Integer.parseInt(line.substring("listening ".length()).strip()),
        logDir.resolve("requests.jsonl"));
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Every turn answered so far for the task, in order. */
  public List<JsonNode> turns(long taskId) throws IOException {
    List<JsonNode> turns = new ArrayList<>();
    if (!Files.exists(log)) {
      return turns;
    }
    for (String line : Files.readAllLines(log)) {
      JsonNode turn = JSON.readTree(line);
      if ("turn".equals(turn.path("kind").asText()) && turn.path("taskId").asLong() == taskId) {
        turns.add(turn);
      }
    }
    return turns;
  }

  /** The first turn whose previous call was the tool (its result came back then), or null. */
  public JsonNode afterTool(long taskId, String toolSuffix) throws IOException {
    for (JsonNode turn : turns(taskId)) {
      String tool = turn.path("previous").path("tool").asText("");
      if (tool.endsWith(toolSuffix)) {
        return turn;
      }
    }
    return null;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
  }
}
