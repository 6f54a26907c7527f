package dev.devflow.mcpgateway.support;

import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkiverse.mcp.server.test.McpAssured;
import io.quarkiverse.mcp.server.test.McpAssured.McpStreamableTestClient;
import io.vertx.core.MultiMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** Calls one tool over streamable HTTP and hands back its answer. */
public final class Mcp {

  private final McpStreamableTestClient client;

  private Mcp(McpStreamableTestClient client) {
    this.client = client;
  }

  public static Mcp connect() {
    return new Mcp(McpAssured.newConnectedStreamableClient());
  }

  public static Mcp connect(String authorization) {
    return new Mcp(
        McpAssured.newStreamableClient()
            .setAdditionalHeaders(
                m -> MultiMap.caseInsensitiveMultiMap().add("Authorization", authorization))
            .build()
            .connect());
  }

  public ToolResponse call(String tool, Map<String, Object> arguments) {
    AtomicReference<ToolResponse> answer = new AtomicReference<>();
    client.when().toolsCall(tool, arguments, answer::set).thenAssertResults();
    return answer.get();
  }

  /** The text of a successful call; fails the test with the tool's message otherwise. */
  public String ok(String tool, Map<String, Object> arguments) {
    ToolResponse r = call(tool, arguments);
    if (r.isError()) {
      throw new AssertionError(tool + " failed: " + text(r));
    }
    return text(r);
  }

  /** The message of a call that must fail as a tool error. */
  public String error(String tool, Map<String, Object> arguments) {
    ToolResponse r = call(tool, arguments);
    if (!r.isError()) {
      throw new AssertionError(tool + " should have failed but answered: " + text(r));
    }
    return text(r);
  }

  public McpStreamableTestClient client() {
    return client;
  }

  public static String text(ToolResponse r) {
    return r.content().isEmpty() ? "" : r.firstContent().asText().text();
  }
}
