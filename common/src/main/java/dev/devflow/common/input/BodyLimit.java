package dev.devflow.common.input;

import dev.devflow.common.problem.ProblemType;
import dev.devflow.common.problem.Problems;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A body that says it is larger than the service takes is refused with a 413 problem naming the
 * limit, before anything reads it (Quarkus's own check, just after this one, answers with an empty
 * body). The api-gateway's proxied routes check their own limits before this runs.
 */
@ApplicationScoped
public class BodyLimit {

  void install(@Observes Router router) {
    Optional<MemorySize> limit =
        ConfigProvider.getConfig()
            .getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class);
    long max = limit.map(MemorySize::asLongValue).orElse(10L * 1024 * 1024);
    router.route().order(-3).handler(ctx -> check(ctx, max));
  }

  private static void check(RoutingContext ctx, long max) {
    String length = ctx.request().getHeader("Content-Length");
    if (length != null && exceeds(length.trim(), max)) {
      ctx.response()
          .setStatusCode(413)
          .putHeader("Content-Type", "application/problem+json")
          .putHeader("Connection", "close")
          .end(
              Problems.json(
                  ProblemType.PAYLOAD_TOO_LARGE,
                  "The body is larger than this service accepts (" + max + " bytes).",
                  ctx.normalizedPath()));
      return;
    }
    ctx.next();
  }

  private static boolean exceeds(String length, long max) {
    try {
      return Long.parseLong(length) > max;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
