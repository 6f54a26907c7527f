package dev.devflow.mcpgateway.upstream;

import io.smallrye.config.ConfigMapping;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Where the MCP gateway finds the services whose tools it exposes, and who may call it. */
@ConfigMapping(prefix = "devflow.mcp-gateway")
public interface McpGatewayConfig {

  /** Base URL of the knowledge-hub ({@code KNOWLEDGE_HUB_URL}). */
  URI knowledgeHubUrl();

  /** Base URL of the workflow-engine ({@code WORKFLOW_ENGINE_URL}). */
  URI workflowEngineUrl();

  /** How long a readiness probe of an upstream may take before it counts as down. */
  Duration upstreamTimeout();

  /**
   * Browser origins allowed to call /mcp besides loopback ones in local mode ({@code
   * DEVFLOW_MCP_ALLOWED_ORIGINS}, comma-separated). Requests without an Origin (CLI clients) are
   * always allowed to proceed to authentication.
   */
  Optional<List<String>> allowedOrigins();

  /**
   * Host names accepted in local mode besides localhost, 127.0.0.1 and [::1] ({@code
   * DEVFLOW_MCP_ALLOWED_HOSTS}); a local server answering any Host is open to DNS rebinding.
   */
  Optional<List<String>> allowedHosts();
}
