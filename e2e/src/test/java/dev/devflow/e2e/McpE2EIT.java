package dev.devflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * MCP clients as users run them: the official TypeScript SDK (e2e/mcp/mcp.e2e.mjs) connects over
 * streamable HTTP (to the mcp-gateway and through the api-gateway), legacy SSE, and stdio through
 * {@code devflow mcp}, to the stack {@code devflow up} started; it searches content the real
 * knowledge-hub ingested and creates, claims and completes a task in a real workflow run.
 */
@ExtendWith(WithDevflowStack.class)
class McpE2EIT {

  @TempDir Path work;

  @Test
  void theOfficialSdkUsesDevflowOverEveryTransport() {
    DevflowStack stack = DevflowStack.get();
    Path repo = GitRepos.aRepository(work);
    Commands.Result result =
        Node.run(
            "mcp/mcp.e2e.mjs",
            Map.of(
                "DEVFLOW_URL", stack.baseUrl(),
                "DEVFLOW_MCP_URL", "http://127.0.0.1:8051/mcp",
                "REPO_PATH", repo.toString(),
                "JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "CLI_JAR", stack.repo().resolve("cli/target/devflow-cli.jar").toString(),
                "DEVFLOW_HOME", stack.home().toString()),
            Duration.ofSeconds(120));
    assertThat(result.exitCode())
        .as("mcp e2e script (services' logs: %s)\n%s", stack.logs(), result.output())
        .isZero();
    assertThat(result.output()).containsPattern("mcp e2e: \\d+ checks passed");
  }
}
