package dev.devflow.common.auth;

import dev.devflow.common.config.DevflowConfig;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.common.tenant.TenantContext;
import dev.devflow.common.tenant.TenantSlug;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Decides who every API request acts as. Inside the api-gateway its own front door has already
 * authenticated the API key. Elsewhere a request carries the api-gateway's signed token (tenant,
 * user, role), verified here; or, in local mode only, comes unauthenticated from loopback and acts
 * as tenant {@code local}, as the spec draws it. An agent's own token (in the Authorization header,
 * or beside the gateway's token in {@code X-Devflow-Agent-Token}) is verified by the service that
 * issued it, and the request then acts as that agent on its one task. Everything else is refused.
 * Health and metrics are served outside JAX-RS and never reach this filter.
 */
public class InternalAuthFilter {

  private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private final DevflowConfig config;
  private final InternalTokenVerifier verifier;
  private final TenantContext tenant;
  private final Caller caller;
  private final HttpServerRequest http;
  private final CurrentVertxRequest current;
  private final Instance<AgentCredentials> agents;

  @Inject
  public InternalAuthFilter(
      DevflowConfig config,
      InternalTokenVerifier verifier,
      TenantContext tenant,
      Caller caller,
      HttpServerRequest http,
      CurrentVertxRequest current,
      Instance<AgentCredentials> agents) {
    this.config = config;
    this.verifier = verifier;
    this.tenant = tenant;
    this.caller = caller;
    this.http = http;
    this.current = current;
    this.agents = agents;
  }

  @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
  public void authenticate(ContainerRequestContext request) {
    FrontDoorCaller frontDoor = frontDoorCaller();
    String authorization = request.getHeaderString("Authorization");
    if (frontDoor != null) {
      if (frontDoor.tenant() != null) {
        tenant.set(frontDoor.tenant());
      }
      caller.set(frontDoor.user(), frontDoor.role(), frontDoor.platformAdmin());
    } else if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String credential = authorization.substring(7).trim();
      if (AgentIdentity.isAgentToken(credential)) {
        bindAgent(credential, null);
      } else {
        bindToken(credential);
        bindAgentHeader(request);
      }
    } else if (!config.deploymentMode().isMultiTenant() && fromLoopback()) {
      tenant.set(TenantSlug.LOCAL);
      caller.set("local", Role.ADMIN, false);
      bindAgentHeader(request);
    } else {
      throw new ProblemException(
          ProblemType.UNAUTHORIZED,
          "This service only answers requests forwarded by the DevFlow api-gateway; send yours"
              + " there with an API key.");
    }
    if (!READ_METHODS.contains(request.getMethod()) && !caller.role().orElseThrow().canWrite()) {
      throw new ProblemException(ProblemType.FORBIDDEN, "Viewers can read but not change data.");
    }
  }

  private void bindToken(String token) {
    InternalTokenVerifier.Verified verified;
    try {
      verified = verifier.require(token);
    } catch (InternalTokenVerifier.InvalidToken e) {
      throw new ProblemException(ProblemType.UNAUTHORIZED, e.getMessage());
    }
    tenant.set(verified.tenant());
    caller.set(verified.subject(), verified.role(), false);
  }

  /**
   * An agent token beside the gateway's (or loopback's) credentials: must be for the same tenant.
   */
  private void bindAgentHeader(ContainerRequestContext request) {
    String token = request.getHeaderString(AgentIdentity.TOKEN_HEADER);
    if (token != null && !token.isBlank()) {
      bindAgent(token.trim(), tenant.slug().orElse(null));
    }
  }

  private void bindAgent(String token, String expectedTenant) {
    AgentIdentity agent =
        (agents.isResolvable()
                ? agents.get().verify(token)
                : java.util.Optional.<AgentIdentity>empty())
            .filter(a -> expectedTenant == null || expectedTenant.equals(a.tenant()))
            .orElseThrow(
                () ->
                    new ProblemException(
                        ProblemType.UNAUTHORIZED,
                        "The agent token is unknown, revoked, or not valid here; agents get a new"
                            + " one when they start."));
    tenant.set(agent.tenant());
    caller.set(agent.user(), Role.MEMBER, false);
    caller.actAsAgent(agent);
  }

  private FrontDoorCaller frontDoorCaller() {
    RoutingContext context = current.getCurrent();
    return context == null ? null : context.get(FrontDoorCaller.KEY);
  }

  private boolean fromLoopback() {
    if (http.remoteAddress() == null || http.remoteAddress().host() == null) {
      return false;
    }
    try {
      return InetAddress.getByName(http.remoteAddress().host()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
