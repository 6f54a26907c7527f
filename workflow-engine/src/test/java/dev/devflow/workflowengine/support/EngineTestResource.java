package dev.devflow.workflowengine.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.devflow.agents.process.Processes;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Gives the engine under test its own tmux server socket and session prefix, a temporary worktrees
 * root, the scripted agent as its agent commands, tiny Guardian intervals, a free HTTP port the
 * agents call back on, and a WireMock "model" on loopback. Kills the tmux server at the end.
 */
public class EngineTestResource implements QuarkusTestResourceLifecycleManager {

  private Path sockets;
  private Path root;
  private WireMockServer model;

  @Override
  public Map<String, String> start() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    try {
      root = Files.createTempDirectory("dfwe-worktrees-");
      sockets = Files.createTempDirectory("dfwe-tmux-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    model =
        new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    model.start();
    // The model says "on track" unless a test stubs otherwise.
    model.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.post("/v1/chat/completions")
            .atPriority(10)
            .willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.okJson(
                    chat("{\"on_track\": true, \"reason\": \"fine\", \"message\": \"\"}"))));
    int port = freePort();
    String script =
        Path.of("src/test/resources/agents/scripted-agent.sh").toAbsolutePath().toString();
    String p = "devflow.workflow-engine.";
    Map<String, String> c = new HashMap<>();
    c.put("quarkus.http.test-port", String.valueOf(port));
    c.put(p + "api-url", "http://127.0.0.1:" + port + "/api/v1");
    c.put(p + "tmux-socket-dir", sockets.toString());
    c.put(p + "session-prefix", "t" + run);
    c.put(p + "worktrees-root", root.toString());
    for (String mode : List.of("scripted", "idle", "heartbeat", "fail", "loop")) {
      c.put(p + "agents." + mode + ".command", "bash," + script + "," + mode);
    }
    c.put(p + "agents.scripted-opencode.command", "bash," + script + ",scripted");
    // A stand-in that draws Claude Code's screens, read the way the real CLI's are.
    String fakeClaude =
        Path.of("src/test/resources/agents/fake-claude.sh").toAbsolutePath().toString();
    c.put(p + "agents.fake-claude.family", "claude");
    c.put(p + "agents.fake-claude.command", "bash," + fakeClaude);
    c.put(p + "agents.scripted-opencode.mcp-format", "opencode");
    // Kinds whose program is missing, to see spawns refused before anything starts.
    c.put(p + "agents.missing-cli.command", "/nonexistent/devflow-test-cli,--version");
    Path plain = root.resolve("not-executable-cli");
    try {
      Files.writeString(plain, "#!/bin/sh\necho never\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    c.put(p + "agents.not-executable.command", plain + ",--version");
    c.put(p + "capture-interval", "1h");
    c.put(p + "cleanup-delay", "300ms");
    c.put(p + "guardian.interval", "700ms");
    c.put(p + "guardian.grace-period", "2s");
    c.put(p + "guardian.idle-after", "3s");
    c.put(p + "guardian.waiting-after", "2s");
    c.put(p + "limits.max-concurrent-agents", "3");
    c.put(p + "limits.max-phases-per-workflow", "3");
    c.put(p + "llm.base-url", model.baseUrl() + "/v1");
    c.put(p + "llm.api-key", "test-key-not-secret");
    return c;
  }

  @Override
  public void stop() {
    // Every agent has a tmux server of its own, its socket in this directory.
    try (var files = Files.list(sockets)) {
      for (Path socket : files.toList()) {
        Processes.run(List.of("tmux", "-S", socket.toString(), "kill-server"), null);
      }
    } catch (IOException e) {
      // nothing left to stop
    }
    TestRepos.deleteTree(sockets);
    TestRepos.deleteTree(root);
    model.stop();
  }

  /** An OpenAI chat completion whose message content is the given text. */
  public static String chat(String content) {
    String escaped = content.replace("\\", "\\\\").replace("\"", "\\\"");
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\","
        + "\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":"
        + "{\"role\":\"assistant\",\"content\":\""
        + escaped
        + "\"}}]}";
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
