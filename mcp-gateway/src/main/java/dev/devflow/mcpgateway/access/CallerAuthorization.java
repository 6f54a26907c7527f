package dev.devflow.mcpgateway.access;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The Authorization header of the MCP request being served, to forward upstream: each tool call
 * arrives in its own HTTP request with a fresh short-lived token from the api-gateway. Null in
 * local mode, where the upstreams answer loopback callers as tenant local.
 */
@ApplicationScoped
public class CallerAuthorization {

  private final CurrentVertxRequest current;

  public CallerAuthorization(CurrentVertxRequest current) {
    this.current = current;
  }

  public String header() {
    RoutingContext ctx = current.getCurrent();
    return ctx == null ? null : ctx.get(McpAccessFilter.AUTHORIZATION_KEY);
  }

  /**
   * The calling agent's own token, when an agent calls: the workflow engine acts as that agent on
   * its task (claims its own task, completes and merges it, touches no other).
   */
  public String agentToken() {
    RoutingContext ctx = current.getCurrent();
    return ctx == null ? null : ctx.get(McpAccessFilter.AGENT_TOKEN_KEY);
  }
}
