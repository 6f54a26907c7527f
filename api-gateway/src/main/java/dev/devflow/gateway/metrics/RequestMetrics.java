package dev.devflow.gateway.metrics;

import dev.devflow.gateway.auth.GatewayCaller;
import dev.devflow.gateway.config.GatewayConfig;
import dev.devflow.gateway.frontdoor.FrontDoor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * What the plans' objectives are measured by: every request through the front door, timed by route
 * and by the caller's plan ({@code devflow_gateway_requests_seconds}, with buckets at each plan's
 * latency objective), and the requests the door refused by kind ({@code
 * devflow_gateway_refusals_total}). Labels are bounded: route names come from the configuration,
 * plans are the operator's few plans (anything odd counts as {@code other}), status is a class.
 * Tenants are never a label. WebSockets and event streams are connections, not requests, and are
 * left out.
 */
@ApplicationScoped
public class RequestMetrics {

  /** The requests' timer; its buckets are the plans' p95 objectives (and a few around them). */
  public static final String REQUESTS = "devflow.gateway.requests";

  /** Requests refused, by kind (rate limit, plan quota, authentication, scope, size). */
  public static final String REFUSALS = "devflow.gateway.refusals";

  private static final Duration[] BUCKETS = {
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(200),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(5)
  };
  private static final Pattern PLAN = Pattern.compile("[a-z0-9_-]{1,32}");
  private static final int MAX_PLANS = 20;

  private final MeterRegistry registry;
  private final List<Map.Entry<String, String>> prefixes = new ArrayList<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private final Map<String, Boolean> plans = new ConcurrentHashMap<>();

  @Inject
  public RequestMetrics(MeterRegistry registry, GatewayConfig config) {
    this.registry = registry;
    config
        .routes()
        .forEach((name, route) -> route.prefixes().forEach(p -> prefixes.add(Map.entry(p, name))));
    for (String kind :
        new String[] {"rate_limit", "quota", "unauthenticated", "forbidden", "too_large"}) {
      refusals(kind, "none"); // present from the start, so rate() has a baseline
    }
  }

  // Before the proxy's own naming handler (FrontDoor.ORDER - 1) and the front door: a request the
  // door refuses is counted too.
  void install(@Observes Router router) {
    router.route().order(FrontDoor.ORDER - 2).handler(this::measure);
  }

  void measure(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String path = ctx.normalizedPath();
    if (path.startsWith("/q/") || path.startsWith("/health") || isConnection(request)) {
      ctx.next();
      return;
    }
    long start = System.nanoTime();
    String route = routeOf(path);
    ctx.addEndHandler(ignored -> record(ctx, route, System.nanoTime() - start));
    ctx.next();
  }

  private void record(RoutingContext ctx, String route, long nanos) {
    int status = ctx.response().getStatusCode();
    String plan = planOf(ctx);
    String statusClass = (status / 100) + "xx";
    timers
        .computeIfAbsent(
            route + '|' + plan + '|' + statusClass, k -> timer(route, plan, statusClass))
        .record(nanos, TimeUnit.NANOSECONDS);
    String refusal =
        switch (status) {
          case 401 -> "unauthenticated";
          case 403 -> "forbidden";
          case 413 -> "too_large";
          // the door's rate limit leaves the plan and no caller; any other 429 is a plan quota
          // (sources, runs, LLM calls), the gateway's or a service's
          case 429 ->
              ctx.get(FrontDoor.PLAN) != null && ctx.get(GatewayCaller.KEY) == null
                  ? "rate_limit"
                  : "quota";
          default -> null;
        };
    if (refusal != null) {
      refusals(refusal, plan).increment();
    }
  }

  private Timer timer(String route, String plan, String status) {
    return Timer.builder(REQUESTS)
        .description("Requests through the gateway by route, plan and status class")
        .tags("route", route, "plan", plan, "status", status)
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }

  private Counter refusals(String kind, String plan) {
    return Counter.builder(REFUSALS)
        .description("Requests the gateway refused, by kind and plan")
        .tags("kind", kind, "plan", plan)
        .register(registry);
  }

  /** The route's configured name; the gateway's own API; or {@code other} (pages, unknown). */
  String routeOf(String path) {
    for (Map.Entry<String, String> prefix : prefixes) {
      String p = prefix.getKey();
      if (path.equals(p) || path.startsWith(p + "/")) {
        return prefix.getValue();
      }
    }
    return path.startsWith("/api/") ? "gateway" : "other";
  }

  /**
   * The caller's plan ({@code none} when the door knew no caller, or a platform administrator).
   * Plans are data, so a bounded number of well-formed names is kept; others count as {@code
   * other}.
   */
  private String planOf(RoutingContext ctx) {
    GatewayCaller caller = ctx.get(GatewayCaller.KEY);
    String plan = caller != null ? caller.plan() : ctx.get(FrontDoor.PLAN);
    if (plan == null) {
      return "none";
    }
    if (!PLAN.matcher(plan).matches()) {
      return "other";
    }
    if (!plans.containsKey(plan) && plans.size() >= MAX_PLANS) {
      return "other";
    }
    plans.putIfAbsent(plan, Boolean.TRUE);
    return plan;
  }

  private static boolean isConnection(HttpServerRequest request) {
    String upgrade = request.getHeader("Upgrade");
    if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
      return true;
    }
    String accept = request.getHeader("Accept");
    return request.method() == HttpMethod.GET
        && accept != null
        && accept.contains("text/event-stream");
  }
}
