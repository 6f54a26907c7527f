package dev.devflow.common.problem;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Answers requests that no route takes (outside JAX-RS, for example next to static files) with a
 * problem document instead of Vert.x's plain-text page.
 */
@ApplicationScoped
public class UnmatchedRoutes {

  void install(@Observes Router router) {
    router.errorHandler(404, ctx -> answer(ctx, ProblemType.NOT_FOUND, "There is nothing at %s."));
    router.errorHandler(
        405,
        ctx -> answer(ctx, ProblemType.METHOD_NOT_ALLOWED, "This method is not allowed on %s."));
    router.errorHandler(
        413,
        ctx ->
            answer(
                ctx, ProblemType.PAYLOAD_TOO_LARGE, "The request body sent to %s is too large."));
  }

  private static void answer(RoutingContext ctx, ProblemType type, String detail) {
    if (ctx.response().ended()) {
      return;
    }
    String path = ctx.normalizedPath();
    ctx.response()
        .setStatusCode(type.status())
        .putHeader("Content-Type", Problem.MEDIA_TYPE)
        .end(Problems.json(type, String.format(detail, path), path));
  }
}
