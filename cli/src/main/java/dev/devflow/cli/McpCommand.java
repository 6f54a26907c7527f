package dev.devflow.cli;

import dev.devflow.cli.home.DevflowHome;
import dev.devflow.cli.mcp.McpBridge;
import dev.devflow.cli.mcp.McpTarget;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code devflow mcp}: DevFlow's MCP tools over stdio, for clients that spawn their server. */
@Command(
    name = "mcp",
    mixinStandardHelpOptions = true,
    description = {
      "Serve DevFlow's MCP tools over stdio (for Claude Code, OpenCode and other MCP clients).",
      "Forwards to the local mcp-gateway (start it with 'devflow up'), or to a remote DevFlow when"
          + " DEVFLOW_API_URL and DEVFLOW_API_KEY are set. Logs go to stderr and"
          + " ~/.devflow/logs/mcp-stdio.log; stdout carries only the protocol."
    })
final class McpCommand implements Callable<Integer> {

  private final DevflowHome home;
  private final Map<String, String> env;

  @Option(
      names = "--url",
      description = "The MCP endpoint to forward to (default: http://127.0.0.1:8051/mcp).")
  String url;

  McpCommand(DevflowHome home, Map<String, String> env) {
    this.home = home;
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    McpTarget target = McpTarget.from(url, env);
    return McpBridge.forStdio(target, home.log("mcp-stdio")).run(System.in);
  }
}
