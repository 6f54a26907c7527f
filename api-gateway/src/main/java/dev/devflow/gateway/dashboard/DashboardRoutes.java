package dev.devflow.gateway.dashboard;

import dev.devflow.gateway.frontdoor.FrontDoor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * Serves the web dashboard at {@code /}: its files, and {@code index.html} for the single-page
 * app's own routes ({@code /knowledge}, {@code /settings}...) when a browser asks for a page. Runs
 * before the front door because the files are public (sign-in happens inside the app, with an API
 * key); every API, {@code /ws}, {@code /mcp}, health and {@code /q} path passes through untouched.
 */
@ApplicationScoped
public class DashboardRoutes {

  // Paths that belong to the gateway, its services or Quarkus, never to the dashboard.
  private static final List<String> RESERVED =
      List.of("/api/", "/ws", "/mcp", "/health", "/q/", "/internal/", "/metrics");

  // The app has no inline scripts and talks only to its own origin (API and /ws).
  private static final String CSP =
      "default-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none';"
          + " base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

  private final DashboardAssets assets;

  @Inject
  public DashboardRoutes(DashboardAssets assets) {
    this.assets = assets;
  }

  void install(@Observes Router router) {
    router.route().order(FrontDoor.ORDER - 1000).handler(this::serve);
  }

  void serve(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    String path = ctx.normalizedPath();
    if ((method != HttpMethod.GET && method != HttpMethod.HEAD) || reserved(path)) {
      ctx.next();
      return;
    }
    Optional<DashboardAssets.Asset> file =
        path.equals("/") ? Optional.empty() : assets.find(path).filter(a -> isFile(path));
    if (file.isPresent()) {
      send(ctx, file.get(), path.startsWith("/assets/"));
      return;
    }
    Optional<DashboardAssets.Asset> index =
        path.equals("/") || wantsPage(ctx, path) ? assets.find("/index.html") : Optional.empty();
    if (index.isPresent()) {
      send(ctx, index.get(), false);
      return;
    }
    ctx.next();
  }

  static boolean reserved(String path) {
    return RESERVED.stream().anyMatch(path::startsWith);
  }

  private static boolean isFile(String path) {
    String last = path.substring(path.lastIndexOf('/') + 1);
    return last.contains(".");
  }

  /** A browser navigating to an app route: no file extension, and it accepts HTML. */
  private static boolean wantsPage(RoutingContext ctx, String path) {
    String accept = ctx.request().getHeader("Accept");
    return !isFile(path) && accept != null && accept.contains("text/html");
  }

  private static void send(RoutingContext ctx, DashboardAssets.Asset asset, boolean immutable) {
    HttpServerResponse response = ctx.response();
    response.putHeader("Content-Type", asset.contentType());
    // Hashed file names never change; index.html must be revalidated to pick up a new build.
    response.putHeader(
        "Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
    response.putHeader("X-Content-Type-Options", "nosniff");
    response.putHeader("Referrer-Policy", "same-origin");
    response.putHeader("X-Frame-Options", "DENY");
    if (asset.contentType().startsWith("text/html")) {
      response.putHeader("Content-Security-Policy", CSP);
    }
    response.putHeader("Vary", "Accept-Encoding");
    String encoding = ctx.request().getHeader("Accept-Encoding");
    boolean gzip = encoding != null && encoding.contains("gzip");
    byte[] body = gzip ? asset.gzipped() : asset.bytes();
    if (gzip) {
      response.putHeader("Content-Encoding", "gzip");
    }
    response.putHeader("Content-Length", Integer.toString(body.length));
    if (ctx.request().method() == HttpMethod.HEAD) {
      response.end();
    } else {
      response.end(Buffer.buffer(body));
    }
  }
}
