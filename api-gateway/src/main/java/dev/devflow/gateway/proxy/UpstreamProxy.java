package dev.devflow.gateway.proxy;

import dev.devflow.common.config.DevflowConfig;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.common.problem.Problems;
import dev.devflow.gateway.auth.GatewayCaller;
import dev.devflow.gateway.auth.InternalTokens;
import dev.devflow.gateway.config.GatewayConfig;
import dev.devflow.gateway.frontdoor.FrontDoor;
import dev.devflow.gateway.usage.UsageMeter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.ConnectException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Forwards the route table's paths to their services with Vert.x's reverse proxy: bodies stream
 * both ways unbuffered (uploads, MCP, SSE), the gateway's token replaces the client's credentials,
 * and an unreachable or slow upstream becomes a 502 or 504 problem instead of a hang.
 */
@ApplicationScoped
public class UpstreamProxy {

  private static final Logger LOG = Logger.getLogger(UpstreamProxy.class);

  /** Quarkus's HTTP metrics read a request's URI template from this context-local key. */
  private static final String URL_PATH_TEMPLATE = "UrlPathTemplate";

  /** Context-local mark: the gateway put its own token on this request. */
  private static final String MINTED = "devflow.gateway.minted-token";

  private final GatewayConfig config;
  private final InternalTokens tokens;
  private final boolean local;
  private final UsageMeter meter;

  @Inject
  public UpstreamProxy(
      GatewayConfig config, InternalTokens tokens, DevflowConfig devflow, UsageMeter meter) {
    this.config = config;
    this.tokens = tokens;
    this.local = !devflow.deploymentMode().isMultiTenant();
    this.meter = meter;
  }

  void install(@Observes Router router, Vertx vertx) {
    for (Map.Entry<String, GatewayConfig.Route> entry : config.routes().entrySet()) {
      GatewayConfig.Route route = entry.getValue();
      LoopLocalProxy proxy = new LoopLocalProxy(() -> proxyFor(vertx, entry.getKey(), route));
      LOG.infof(
          "Route %s: %s -> %s%s",
          entry.getKey(),
          route.prefixes(),
          route.upstream(),
          route.provisioned() ? " (keeps tenant data)" : "");
      for (String prefix : route.prefixes()) {
        String paths = "^" + Pattern.quote(prefix) + "(/.*)?$";
        String below = prefix + "/{path}";
        router
            .routeWithRegex(paths)
            // Before the front door, so a refused request is named by its route too.
            .order(FrontDoor.ORDER - 1)
            .handler(
                ctx -> nameForMetrics(ctx, ctx.normalizedPath().equals(prefix) ? prefix : below));
        router
            .routeWithRegex(paths)
            // After the front door, before Quarkus's own security (-200, -100) and REST handlers:
            // the front door has authenticated the caller, and those would only add work to every
            // proxied request (about a fifth of the gateway's time per request).
            .order(FrontDoor.ORDER + 500)
            .handler(ctx -> forward(ctx, proxy, route));
      }
    }
  }

  /**
   * Sets the {@code uri} tag of a proxied request's HTTP metrics: its route's prefix, with {@code
   * /{path}} for anything below it. Quarkus tags requests it did not route itself with their raw
   * path, so every id in a path (and every path a scanner tries) would add a time series to
   * /q/metrics for good. The services behind tag their own requests by their endpoints' templates.
   */
  private static void nameForMetrics(RoutingContext ctx, String template) {
    Context context = Vertx.currentContext();
    if (context != null) {
      context.putLocal(URL_PATH_TEMPLATE, template);
    }
    ctx.next();
  }

  private void forward(RoutingContext ctx, LoopLocalProxy proxy, GatewayConfig.Route route) {
    String length = ctx.request().getHeader("Content-Length");
    if (length != null && tooLong(length, route.maxBodySize().asLongValue())) {
      ctx.response()
          .setStatusCode(413)
          .putHeader("Content-Type", "application/problem+json")
          .end(
              Problems.json(
                  ProblemType.PAYLOAD_TOO_LARGE,
                  "The body is larger than this route accepts ("
                      + route.maxBodySize().asLongValue()
                      + " bytes).",
                  ctx.normalizedPath()));
      return;
    }
    GatewayCaller caller = ctx.get(GatewayCaller.KEY);
    if (caller != null && !local && caller.tenantSlug() != null) {
      String token = tokens.forCaller(caller, caller.tenantSlug());
      ctx.request().headers().set("Authorization", "Bearer " + token);
      Context context = Vertx.currentContext();
      if (context != null) {
        context.putLocal(MINTED, Boolean.TRUE);
      }
    }
    Optional<UsageMeter.Rule> rule =
        caller == null || caller.tenantId() == null
            ? Optional.empty()
            : meter.ruleFor(ctx.request().method().name(), ctx.normalizedPath());
    if (rule.isEmpty()) {
      proxy.get().handle(ctx.request());
    } else {
      forwardMetered(ctx, proxy, caller, rule.get());
    }
  }

  /** A metered create or delete: check the plan has room first, count it once it succeeded. */
  private void forwardMetered(
      RoutingContext ctx, LoopLocalProxy proxy, GatewayCaller caller, UsageMeter.Rule rule) {
    ctx.request().pause();
    ctx.addEndHandler(
        ended -> {
          int status = ctx.response().getStatusCode();
          if (ended.succeeded() && status >= 200 && status < 300) {
            ctx.vertx()
                .executeBlocking(
                    () -> {
                      meter.record(caller, rule);
                      return null;
                    },
                    false)
                .onFailure(e -> LOG.warnf("Could not meter %s: %s", rule.metric(), e));
          }
        });
    ctx.vertx()
        .executeBlocking(
            () -> {
              meter.checkRoom(caller, rule);
              return null;
            },
            false)
        .onComplete(
            checked -> {
              if (checked.succeeded()) {
                proxy.get().handle(ctx.request());
              } else if (checked.cause() instanceof ProblemException problem) {
                ctx.request().resume();
                ctx.response()
                    .setStatusCode(problem.type().status())
                    .putHeader("Content-Type", "application/problem+json")
                    .end(Problems.json(problem.type(), problem.getMessage(), ctx.normalizedPath()));
              } else {
                ctx.fail(checked.cause());
              }
            });
  }

  private HttpProxy proxyFor(Vertx vertx, String name, GatewayConfig.Route route) {
    URI upstream = route.upstream();
    int port = upstream.getPort() > 0 ? upstream.getPort() : 80;
    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout(2_000)
                .setKeepAlive(true)
                .setMaxPoolSize(64)
                .setPipelining(false));
    long timeoutMillis = route.streaming() ? 0 : route.timeout().toMillis();
    HttpProxy proxy = HttpProxy.reverseProxy(client);
    proxy.originRequestProvider(
        (request, http) ->
            http.request(
                new RequestOptions()
                    .setHost(upstream.getHost())
                    .setPort(port)
                    .setIdleTimeout(timeoutMillis)));
    proxy.addInterceptor(new ProblemOnFailure(name, route.maxBodySize().asLongValue()));
    return proxy;
  }

  /**
   * One client, and so one connection pool, per event loop. A shared pool hands a request that
   * arrived on one loop a connection owned by another, and every exchange then crosses threads
   * twice (measured: five writes and four futex calls per proxied request instead of two writes);
   * with a pool per loop the request, the upstream exchange and the answer stay on one thread.
   */
  private static final class LoopLocalProxy {
    private final Supplier<HttpProxy> factory;
    private final ThreadLocal<HttpProxy> perLoop;
    private volatile HttpProxy offLoop;

    LoopLocalProxy(Supplier<HttpProxy> factory) {
      this.factory = factory;
      this.perLoop = ThreadLocal.withInitial(factory);
    }

    HttpProxy get() {
      if (Context.isOnEventLoopThread()) {
        return perLoop.get();
      }
      HttpProxy shared = offLoop;
      if (shared == null) {
        synchronized (this) {
          if (offLoop == null) {
            offLoop = factory.get();
          }
          shared = offLoop;
        }
      }
      return shared;
    }
  }

  private static boolean tooLong(String length, long max) {
    try {
      return Long.parseLong(length.trim()) > max;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean tooLarge(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof LimitedBody.TooLarge) {
        return true;
      }
    }
    return false;
  }

  /** Turns a failed upstream exchange into a problem document. */
  private static final class ProblemOnFailure implements ProxyInterceptor {
    private final String upstream;
    private final long maxBody;

    ProblemOnFailure(String upstream, long maxBody) {
      this.upstream = upstream;
      this.maxBody = maxBody;
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
      Body body = context.request().getBody();
      LimitedBody limited =
          body != null && body.length() < 0 ? new LimitedBody(body.stream(), maxBody) : null;
      if (limited != null) {
        context.request().setBody(Body.body(limited, -1));
      }
      Context vertx = Vertx.currentContext();
      boolean minted = vertx != null && Boolean.TRUE.equals(vertx.getLocal(MINTED));
      return context
          .sendRequest()
          .map(response -> minted ? credentialsRefused(response) : response)
          .recover(
              failure -> {
                // The reset this causes surfaces as the connection's error, not as TooLarge.
                if (limited != null && limited.exceeded() || tooLarge(failure)) {
                  return Future.succeededFuture(
                      context
                          .request()
                          .response()
                          .setStatusCode(413)
                          .putHeader("Content-Type", "application/problem+json")
                          .putHeader("Connection", "close")
                          .setBody(
                              Body.body(
                                  Buffer.buffer(
                                      Problems.json(
                                          ProblemType.PAYLOAD_TOO_LARGE,
                                          new LimitedBody.TooLarge(maxBody).getMessage(),
                                          context.request().getURI())))));
                }
                boolean timeout =
                    failure instanceof TimeoutException
                        || failure.getClass().getSimpleName().contains("Timeout");
                ProblemType type = timeout ? ProblemType.GATEWAY_TIMEOUT : ProblemType.BAD_GATEWAY;
                String detail =
                    timeout
                        ? "The " + upstream + " service did not answer in time."
                        : failure instanceof ConnectException
                            ? "The " + upstream + " service is unreachable."
                            : "The " + upstream + " service failed to answer.";
                LOG.warnf("Upstream %s failed: %s", upstream, failure.toString());
                String uri = context.request().getURI();
                ProxyResponse response =
                    context
                        .request()
                        .response()
                        .setStatusCode(type.status())
                        .putHeader("Content-Type", "application/problem+json")
                        .setBody(Body.body(Buffer.buffer(Problems.json(type, detail, uri))));
                return Future.succeededFuture(response);
              });
    }

    /**
     * A 401 to a request the gateway signed means the service does not accept the gateway's token
     * (a key or clock that differs between them), not that the caller's key is bad: passed on, it
     * would sign a valid user out of the dashboard. It is the deployment's fault, so a 502.
     */
    private ProxyResponse credentialsRefused(ProxyResponse response) {
      if (response.getStatusCode() != 401) {
        return response;
      }
      LOG.warnf(
          "The %s service refused the gateway's token for %s: check that it has the gateway's"
              + " public key (DEVFLOW_JWT_PUBLIC_KEY) and a synchronised clock",
          upstream, response.request().getURI());
      ReadStream<Buffer> refused = response.getBody().stream();
      refused.handler(ignored -> {});
      refused.resume();
      response.headers().clear();
      return response
          .setStatusCode(502)
          .setStatusMessage("Bad Gateway")
          .putHeader("Content-Type", "application/problem+json")
          .setBody(
              Body.body(
                  Buffer.buffer(
                      Problems.json(
                          ProblemType.BAD_GATEWAY,
                          "The "
                              + upstream
                              + " service refused the gateway's credentials; the operator must"
                              + " give it the gateway's public key.",
                          response.request().getURI()))));
    }
  }
}
