package dev.devflow.mcpgateway.access;

import dev.devflow.common.auth.AgentIdentity;
import dev.devflow.common.config.DevflowConfig;
import dev.devflow.mcpgateway.upstream.McpGatewayConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jboss.logging.Logger;

/**
 * The door to /mcp: refuses browser origins and (in local mode) host names that are not ours,
 * against DNS rebinding, then requires the api-gateway's token outside local mode. The verified
 * Authorization header stays on the request for the tools to forward upstream.
 */
@ApplicationScoped
public class McpAccessFilter {

  /** Routing-context key of the caller's verified {@code Authorization} header. */
  public static final String AUTHORIZATION_KEY = "devflow.mcp.authorization";

  /** Routing-context key of the calling agent's own token, forwarded to the workflow engine. */
  public static final String AGENT_TOKEN_KEY = "devflow.mcp.agent-token";

  private static final Logger LOG = Logger.getLogger(McpAccessFilter.class);

  private final DevflowConfig devflow;
  private final OriginPolicy origins;
  private final TokenVerifier tokens;

  public McpAccessFilter(DevflowConfig devflow, McpGatewayConfig config, TokenVerifier tokens) {
    this.devflow = devflow;
    this.origins = new OriginPolicy(devflow.deploymentMode(), config);
    this.tokens = tokens;
  }

  void install(@Observes Router router) {
    // Before Quarkus' CORS filter (so a refused origin learns why) and the MCP server's routes.
    router.route("/mcp*").order(Integer.MIN_VALUE + 100).handler(this::filter);
  }

  void filter(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin != null && !origins.allowsOrigin(origin)) {
      refuse(
          ctx,
          403,
          "Origin not allowed",
          "Requests from origin "
              + origin
              + " may not use"
              + " this MCP server; add it to DEVFLOW_MCP_ALLOWED_ORIGINS if it is yours.");
      return;
    }
    if (!origins.allowsHost(
        ctx.request().authority() == null ? null : ctx.request().authority().host())) {
      refuse(
          ctx,
          403,
          "Host not allowed",
          "This local MCP server only answers requests"
              + " addressed to localhost; add the host to DEVFLOW_MCP_ALLOWED_HOSTS if it is yours.");
      return;
    }
    String authorization = ctx.request().getHeader("Authorization");
    String agentToken = ctx.request().getHeader(AgentIdentity.TOKEN_HEADER);
    if (authorization != null
        && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        && AgentIdentity.isAgentToken(authorization.substring(7).trim())) {
      // An agent talking to this port directly: only on one's own machine (local mode); the
      // workflow engine that issued the token checks it on every workflow call.
      if (devflow.deploymentMode().isMultiTenant() || !fromLoopback(ctx)) {
        unauthorized(ctx, "Agents connect through the DevFlow api-gateway's /mcp.");
        return;
      }
      ctx.put(AGENT_TOKEN_KEY, authorization.substring(7).trim());
    } else if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      if (!tokens.isValid(authorization.substring(7).trim())) {
        unauthorized(
            ctx, "The token is invalid, expired or not signed by the DevFlow api-gateway.");
        return;
      }
      ctx.put(AUTHORIZATION_KEY, authorization);
      if (agentToken != null && AgentIdentity.isAgentToken(agentToken.trim())) {
        ctx.put(AGENT_TOKEN_KEY, agentToken.trim());
      }
    } else if (devflow.deploymentMode().isMultiTenant() || !fromLoopback(ctx)) {
      unauthorized(
          ctx,
          "Connect through the DevFlow api-gateway (its /mcp) with your API key:"
              + " Authorization: Bearer <DEVFLOW_API_KEY>.");
      return;
    } else if (agentToken != null && AgentIdentity.isAgentToken(agentToken.trim())) {
      ctx.put(AGENT_TOKEN_KEY, agentToken.trim()); // local mode, through the local gateway
    }
    ctx.next();
  }

  private static boolean fromLoopback(RoutingContext ctx) {
    if (ctx.request().remoteAddress() == null || ctx.request().remoteAddress().host() == null) {
      return false;
    }
    try {
      return InetAddress.getByName(ctx.request().remoteAddress().host()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static void unauthorized(RoutingContext ctx, String detail) {
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"devflow\"");
    refuse(ctx, 401, "Unauthorized", detail);
  }

  private static void refuse(RoutingContext ctx, int status, String title, String detail) {
    LOG.infof("Refused %s %s: %s", ctx.request().method(), ctx.request().path(), title);
    JsonObject problem =
        new JsonObject()
            .put(
                "type",
                "https://devflow.dev/problems/" + (status == 401 ? "unauthorized" : "forbidden"))
            .put("title", title)
            .put("status", status)
            .put("detail", detail)
            .put("instance", ctx.request().path());
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/problem+json")
        .end(problem.encode());
  }
}
