package dev.devflow.cli.mcp;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Where the stdio bridge sends messages: the local mcp-gateway, or with {@code DEVFLOW_API_URL}
 * set, a remote DevFlow's gateway with {@code DEVFLOW_API_KEY} (the spec's SaaS setup).
 */
public record McpTarget(URI endpoint, Optional<String> apiKey) {

  /** The local mcp-gateway started by {@code devflow up}. */
  public static final URI LOCAL = URI.create("http://127.0.0.1:8051/mcp");

  public static McpTarget from(String urlOption, Map<String, String> env) {
    String remote = blankToNull(env.get("DEVFLOW_API_URL"));
    String key = blankToNull(env.get("DEVFLOW_API_KEY"));
    if (urlOption != null) {
      return new McpTarget(URI.create(urlOption), Optional.ofNullable(key));
    }
    if (remote == null) {
      return new McpTarget(LOCAL, Optional.ofNullable(key));
    }
    if (key == null) {
      throw new IllegalArgumentException(
          "DEVFLOW_API_URL is set but DEVFLOW_API_KEY is not: a remote DevFlow needs your API key"
              + " (create one in the dashboard's Settings, or with POST /api/v1/keys)");
    }
    String base = remote.endsWith("/") ? remote.substring(0, remote.length() - 1) : remote;
    return new McpTarget(URI.create(base + "/mcp"), Optional.of(key));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
