package dev.devflow.integrations.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devflow.common.problem.Problem;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.common.problem.Problems;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/v1/webhooks/{github|jira}/{tenant}/{connectionId}}. Providers send no DevFlow
 * credentials, so these routes sit outside the JAX-RS resources (and their internal-token filter):
 * the webhook's HMAC signature, checked by {@link WebhookService} against the connection's secret,
 * is what authenticates them.
 */
@ApplicationScoped
public class WebhookRoutes {

  private static final Logger LOG = Logger.getLogger(WebhookRoutes.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_BODY = 5L * 1024 * 1024;

  private final WebhookService webhooks;

  public WebhookRoutes(WebhookService webhooks) {
    this.webhooks = webhooks;
  }

  void install(@Observes Router router) {
    router
        .post("/api/v1/webhooks/:kind/:tenant/:connection")
        .order(-10)
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY))
        .blockingHandler(this::handle, false);
  }

  private void handle(RoutingContext ctx) {
    String kind = ctx.pathParam("kind");
    try {
      if (!"github".equals(kind) && !"jira".equals(kind)) {
        throw new ProblemException(
            ProblemType.NOT_FOUND, "Webhooks are received for github and jira only.", "provider");
      }
      var h = ctx.request().headers();
      WebhookService.Delivery delivery =
          "github".equals(kind)
              ? new WebhookService.Delivery(
                  h.get("X-Hub-Signature-256"), h.get("X-GitHub-Delivery"), h.get("X-GitHub-Event"))
              : new WebhookService.Delivery(
                  h.get("X-Hub-Signature"),
                  h.get("X-Atlassian-Webhook-Identifier"),
                  h.get("X-Atlassian-Webhook-Event"));
      byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
      List<UUID> queued =
          webhooks.receive(
              kind, ctx.pathParam("tenant"), ctx.pathParam("connection"), delivery, body);
      ctx.response()
          .setStatusCode(202)
          .putHeader("Content-Type", "application/json")
          .end(JSON.writeValueAsString(Map.of("queuedJobs", queued)));
    } catch (ProblemException e) {
      problem(ctx, e.type(), e.getMessage(), e.field());
    } catch (Exception e) {
      LOG.error("Webhook failure", e);
      problem(ctx, ProblemType.INTERNAL, "An unexpected error occurred.", null);
    }
  }

  private static void problem(RoutingContext ctx, ProblemType type, String detail, String field) {
    Problem problem =
        new Problem(
            type.uri(),
            type.title(),
            type.status(),
            detail,
            ctx.normalizedPath(),
            field,
            List.of());
    String body;
    try {
      body = JSON.writeValueAsString(problem);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      body = Problems.json(type, detail, ctx.normalizedPath());
    }
    ctx.response()
        .setStatusCode(type.status())
        .putHeader("Content-Type", Problem.MEDIA_TYPE)
        .end(body);
  }
}
