package dev.devflow.mcpgateway.access;

import dev.devflow.common.auth.AgentIdentity;
import dev.devflow.common.config.DevflowConfig;
import dev.devflow.mcpgateway.upstream.McpGatewayConfig;
import io.vertx.core.http.HttpMethod;
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

  private static final String SESSION_HEADER = "Mcp-Session-Id";

  private final DevflowConfig devflow;
  private final OriginPolicy origins;
  private final TokenVerifier tokens;
  private final McpSessions sessions;

  public McpAccessFilter(
      DevflowConfig devflow, McpGatewayConfig config, TokenVerifier tokens, McpSessions sessions) {
    this.devflow = devflow;
    this.origins = new OriginPolicy(devflow.deploymentMode(), config);
    this.tokens = tokens;
    this.sessions = sessions;
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
    String caller;
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
      caller = "local|" + agentOf(authorization.substring(7).trim());
    } else if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      var verified = tokens.caller(authorization.substring(7).trim());
      if (verified.isEmpty()) {
        unauthorized(
            ctx,
            "The token is invalid, expired, not signed by the DevFlow api-gateway, or lacks a"
                + " valid tenant, user or role.");
        return;
      }
      caller = verified.get().tenant() + "|" + verified.get().subject();
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
      caller = "local|" + agentOf(agentToken.trim());
    } else {
      caller = "local|local";
    }
    if (sessionAllowed(ctx, caller)) {
      ctx.next();
    }
  }

  /**
   * A session answers only the caller that opened it; to anyone else it does not exist (404, as for
   * a session that never existed). A new session is bound to its caller as the server answers.
   */
  private boolean sessionAllowed(RoutingContext ctx, String caller) {
    String path = ctx.normalizedPath();
    String session = ctx.request().getHeader(SESSION_HEADER);
    if (path.startsWith("/mcp/messages/")) {
      String id = path.substring("/mcp/messages/".length());
      if (!sessions.bindOrOwns(id, caller)) {
        noSession(ctx, id);
        return false;
      }
      return true;
    }
    if (!path.equals("/mcp") && !path.equals("/mcp/")) {
      return true;
    }
    if (session == null) {
      ctx.addHeadersEndHandler(
          v -> {
            String created = ctx.response().headers().get(SESSION_HEADER);
            if (created != null && ctx.response().getStatusCode() < 300) {
              sessions.bind(created, caller);
            }
          });
      return true;
    }
    if (!sessions.owns(session, caller)) {
      noSession(ctx, session);
      return false;
    }
    if (ctx.request().method() == HttpMethod.DELETE) {
      ctx.addEndHandler(v -> sessions.forget(session));
    }
    return true;
  }

  /** The agent an agent token names ({@code dfa_<tenant>.<agent>.<secret>}), for session owners. */
  private static String agentOf(String token) {
    String[] parts = token.split("\\.");
    return parts.length == 3 ? "agent:" + parts[1] : "agent:?";
  }

  private static void noSession(RoutingContext ctx, String session) {
    String shown = session.length() > 80 ? session.substring(0, 80) + "..." : session;
    LOG.infof(
        "Refused %s %s: no such session for this caller",
        ctx.request().method(), ctx.request().path());
    JsonObject problem =
        new JsonObject()
            .put("type", "https://devflow.dev/problems/not-found")
            .put("title", "Not found")
            .put("status", 404)
            .put(
                "detail",
                "There is no MCP session "
                    + shown
                    + " for you: it ended or never existed. Start a new one with initialize.")
            .put("instance", ctx.request().path());
    ctx.response()
        .setStatusCode(404)
        .putHeader("Content-Type", "application/problem+json")
        .end(problem.encode());
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
