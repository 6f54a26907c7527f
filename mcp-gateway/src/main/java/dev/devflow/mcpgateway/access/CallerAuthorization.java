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
}
