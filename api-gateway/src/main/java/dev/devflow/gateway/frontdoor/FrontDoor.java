package dev.devflow.gateway.frontdoor;

import dev.devflow.common.auth.AgentIdentity;
import dev.devflow.common.config.DevflowConfig;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.common.problem.Problems;
import dev.devflow.gateway.auth.AgentTokenAuthenticator;
import dev.devflow.gateway.auth.Authenticator;
import dev.devflow.gateway.auth.GatewayCaller;
import dev.devflow.gateway.auth.Scopes;
import dev.devflow.gateway.config.GatewayConfig;
import dev.devflow.gateway.db.ControlDatabase;
import dev.devflow.gateway.ratelimit.RateLimitHeaders;
import dev.devflow.gateway.ratelimit.RateLimiter;
import dev.devflow.gateway.realtime.EventsSocket;
import dev.devflow.gateway.tenant.LocalTenant;
import io.vertx.core.AsyncResult;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The one door into DevFlow. For every request except health and metrics: drops headers only the
 * gateway may set, gives the request an id, authenticates its API key (none in local mode), draws
 * on the tenant's rate limit, and hands the caller on to the proxy or the gateway's own resources.
 *
 * <p>A package of its own, above the ones it puts together (auth, rate limits, the local tenant,
 * the event socket), so that none of them depends back on the door.
 */
@ApplicationScoped
public class FrontDoor {

  /** Routing-context key of the plan of a caller the door refused over its rate limit. */
  public static final String PLAN = "devflow.gateway-plan";

  /** Routing-context key of the request id. */
  public static final String REQUEST_ID = "devflow.request-id";

  private static final Logger LOG = Logger.getLogger(FrontDoor.class);
  private static final Pattern GOOD_REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final Authenticator authenticator;
  private final AgentTokenAuthenticator agents;
  private final RateLimiter rateLimiter;
  private final LocalTenant localTenant;
  private final boolean local;
  private final boolean rateLimits;
  private final List<String> unauthenticated;

  @Inject
  public FrontDoor(
      Authenticator authenticator,
      AgentTokenAuthenticator agents,
      RateLimiter rateLimiter,
      LocalTenant localTenant,
      DevflowConfig devflow,
      GatewayConfig config) {
    this.authenticator = authenticator;
    this.agents = agents;
    this.rateLimiter = rateLimiter;
    this.localTenant = localTenant;
    this.local = !devflow.deploymentMode().isMultiTenant();
    this.rateLimits = config.rateLimitsEnabled();
    this.unauthenticated =
        config.routes().values().stream()
            .flatMap(r -> r.unauthenticatedPrefixes().orElse(List.of()).stream())
            .toList();
  }

  /** Route order of the front door: after the dashboard's files, before everything else. */
  public static final int ORDER = -1000;

  // A plain router handler, not a @RouteFilter: a filter activates the CDI request context and
  // Quarkus's security identity for every request, a tenth of the gateway's time per proxied call.
  void install(@Observes Router router) {
    router.route().order(ORDER).handler(this::filter);
  }

  void filter(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String path = ctx.normalizedPath();
    if (isOpen(path)) {
      ctx.next();
      return;
    }
    if (path.startsWith("/internal/")) {
      // Service-to-service endpoints exist in every service, this one included: never from outside.
      fail(ctx, ProblemException.notFound("There is nothing at " + path + "."));
      return;
    }
    stripInternalHeaders(request);
    String requestId = requestId(request.getHeader("X-Request-Id"));
    ctx.put(REQUEST_ID, requestId);
    request.headers().set("X-Request-Id", requestId);
    ctx.response().putHeader("X-Request-Id", requestId);
    if (unauthenticated.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"))) {
      // The service checks these itself (webhook signatures): no caller, no key, no token.
      request.headers().remove("Authorization");
      ctx.next();
      return;
    }
    String presented = presentedKey(ctx);
    request.headers().remove("Authorization");
    if (AgentIdentity.isAgentToken(presented)) {
      admitAgent(ctx, presented);
      return;
    }
    if (local) {
      admit(ctx, GatewayCaller.local(localTenant.id()));
      return;
    }
    if (presented == null) {
      fail(
          ctx,
          new ProblemException(
              ProblemType.UNAUTHORIZED,
              "Send your DevFlow API key as 'Authorization: Bearer dfk_...'."));
      return;
    }
    try {
      Optional<GatewayCaller> cached = authenticator.cached(presented);
      if (cached.isPresent() && (!rateLimits || cached.get().tenantId() == null)) {
        admit(ctx, cached.get());
        return;
      }
      // The hot path: a known key and a token already held here; no worker thread, no database.
      Optional<RateLimiter.Decision> held = cached.flatMap(rateLimiter::drawLocally);
      if (held.isPresent()) {
        RateLimitHeaders.apply(ctx.response(), held.get());
        admit(ctx, cached.get());
        return;
      }
    } catch (ProblemException e) {
      fail(ctx, e);
      return;
    }
    request.pause();
    ctx.vertx()
        .executeBlocking(() -> authenticateAndDraw(presented), false)
        .onComplete(result -> admitOrRefuse(ctx, result));
  }

  private record Admission(GatewayCaller caller, RateLimiter.Decision decision) {}

  /** Back on the event loop after a blocking admission: admits, or refuses with the reason. */
  private static void admitOrRefuse(RoutingContext ctx, AsyncResult<Admission> result) {
    if (result.failed()) {
      fail(ctx, result.cause());
      return;
    }
    Admission admission = result.result();
    if (admission.decision() != null) {
      RateLimitHeaders.apply(ctx.response(), admission.decision());
      if (!admission.decision().allowed()) {
        ctx.put(PLAN, admission.caller().plan());
        fail(ctx, overLimit(admission));
        return;
      }
    }
    admit(ctx, admission.caller());
  }

  private Admission authenticateAndDraw(String presented) {
    GatewayCaller caller =
        authenticator.cached(presented).orElseGet(() -> authenticator.authenticate(presented));
    boolean limited = rateLimits && caller.tenantId() != null;
    return new Admission(caller, limited ? rateLimiter.draw(caller) : null);
  }

  /**
   * An agent's own token: its requests go on carrying it ({@code X-Devflow-Agent-Token}) for the
   * workflow engine, which issued it, to act as that agent on its task. Outside local mode the
   * engine is asked first which tenant's live agent it is; the tenant's rate limit applies.
   */
  private void admitAgent(RoutingContext ctx, String token) {
    ctx.request().headers().set(AgentIdentity.TOKEN_HEADER, token);
    if (local) {
      admit(
          ctx,
          new GatewayCaller(
              null,
              localTenant.id(),
              "local",
              "enterprise",
              null,
              "agent",
              dev.devflow.common.auth.Role.MEMBER,
              false,
              List.of(Scopes.AGENT)));
      return;
    }
    Optional<GatewayCaller> cached = agents.cached(token);
    if (cached.isPresent() && !rateLimits) {
      admit(ctx, cached.get());
      return;
    }
    ctx.request().pause();
    ctx.vertx()
        .executeBlocking(
            () -> {
              GatewayCaller caller =
                  agents.cached(token).orElseGet(() -> agents.authenticate(token));
              return new Admission(caller, rateLimits ? rateLimiter.draw(caller) : null);
            },
            false)
        .onComplete(result -> admitOrRefuse(ctx, result));
  }

  private static ProblemException overLimit(Admission admission) {
    return new ProblemException(
        ProblemType.QUOTA_EXCEEDED,
        "Rate limit of the '"
            + admission.caller().plan()
            + "' plan reached: "
            + admission.decision().limit()
            + " requests per minute (policy \"default\"). Retry in "
            + Math.max(1, admission.decision().retryAfterSeconds())
            + " s.");
  }

  private static void admit(RoutingContext ctx, GatewayCaller caller) {
    try {
      Scopes.check(caller, ctx.request().method().name(), ctx.normalizedPath());
    } catch (ProblemException e) {
      fail(ctx, e);
      return;
    }
    if ("/ws".equals(ctx.normalizedPath()) && caller.tenantSlug() != null) {
      ctx.request().headers().set(EventsSocket.TENANT_HEADER, caller.tenantSlug());
    }
    ctx.put(GatewayCaller.KEY, caller);
    ctx.next();
  }

  private static void fail(RoutingContext ctx, Throwable failure) {
    ProblemException problem =
        failure instanceof ProblemException p
            ? p
            : failure instanceof ControlDatabase.DatabaseException
                ? new ProblemException(
                    ProblemType.UNAVAILABLE, "The control database is unavailable; retry shortly.")
                : null;
    if (problem == null) {
      LOG.error("Front door failure", failure);
      problem = new ProblemException(ProblemType.INTERNAL, "An unexpected error occurred.");
    }
    if (ctx.response().ended()) {
      return;
    }
    ctx.request().resume();
    var response = ctx.response().setStatusCode(problem.type().status());
    response.putHeader("Content-Type", "application/problem+json");
    if (problem.type() == ProblemType.UNAUTHORIZED) {
      response.putHeader("WWW-Authenticate", "Bearer");
    }
    response.end(Problems.json(problem.type(), problem.getMessage(), ctx.normalizedPath()));
  }

  private static String presentedKey(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).trim();
    }
    // Browsers cannot set headers on a WebSocket handshake.
    if ("/ws".equals(ctx.normalizedPath())) {
      return ctx.request().getParam("access_token");
    }
    return null;
  }

  static boolean isOpen(String path) {
    return path.equals("/health") || path.startsWith("/health/") || path.startsWith("/q/");
  }

  private static void stripInternalHeaders(HttpServerRequest request) {
    List<String> internal = new ArrayList<>();
    for (Map.Entry<String, String> header : request.headers()) {
      if (header.getKey().regionMatches(true, 0, "X-Devflow-", 0, 10)) {
        internal.add(header.getKey());
      }
    }
    internal.forEach(request.headers()::remove);
  }

  private static String requestId(String incoming) {
    return incoming != null && GOOD_REQUEST_ID.matcher(incoming).matches()
        ? incoming
        : randomUuid().toString();
  }

  /**
   * A version 4 UUID from a thread-local generator: a request id only has to be unique, and {@link
   * UUID#randomUUID()} draws on the shared SecureRandom, a lock and often a read of /dev/urandom
   * per request.
   */
  static UUID randomUuid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    return new UUID(high, low);
  }
}
