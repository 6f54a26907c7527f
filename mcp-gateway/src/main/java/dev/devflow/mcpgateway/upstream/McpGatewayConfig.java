package dev.devflow.mcpgateway.upstream;

import io.smallrye.config.ConfigMapping;
import java.net.URI;
import java.time.Duration;

/** Where the MCP gateway finds the services whose tools it exposes. */
@ConfigMapping(prefix = "devflow.mcp-gateway")
public interface McpGatewayConfig {

  /** Base URL of the knowledge-hub ({@code KNOWLEDGE_HUB_URL}). */
  URI knowledgeHubUrl();

  /** Base URL of the workflow-engine ({@code WORKFLOW_ENGINE_URL}). */
  URI workflowEngineUrl();

  /** How long a call to an upstream may take before it counts as down. */
  Duration upstreamTimeout();
}
