package dev.devflow.integrations.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.integrations.config.IntegrationsConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

/**
 * Creates workflow tasks in the workflow engine. Not retried (creating is not idempotent); a
 * timeout, and a circuit breaker that opens when the engine keeps failing. The engine's own 4xx (no
 * such run, unknown phase) comes back as the same status with its detail.
 */
@ApplicationScoped
public class WorkflowEngineClient {

  private final WorkflowEngineRestClient rest;

  @jakarta.inject.Inject
  public WorkflowEngineClient(IntegrationsConfig config) {
    this(config.sync().workflowEngineUrl());
  }

  /** A client of the workflow engine at the URL (tests use it against a real one). */
  WorkflowEngineClient(java.net.URI url) {
    this.rest =
        QuarkusRestClientBuilder.newBuilder()
            .baseUri(url)
            .connectTimeout(5, TimeUnit.SECONDS)
            .readTimeout(20, TimeUnit.SECONDS)
            .build(WorkflowEngineRestClient.class);
  }

  /** Creates the task and returns the engine's answer (with its {@code id}). */
  @CircuitBreaker(
      requestVolumeThreshold = 6,
      failureRatio = 0.8,
      delay = 10_000,
      skipOn = ClientProblem.class)
  public JsonNode createTask(String authorization, long runId, Map<String, Object> task) {
    try {
      return rest.createTask(authorization, runId, task);
    } catch (WebApplicationException e) {
      int status = e.getResponse().getStatus();
      String detail = detail(e);
      if (status >= 400 && status < 500) {
        throw new ClientProblem(
            ProblemType.forStatus(status), "The workflow engine refused the task: " + detail);
      }
      throw new ProblemException(
          ProblemType.BAD_GATEWAY, "The workflow engine answered " + status + ".");
    } catch (ProcessingException e) {
      throw new ProblemException(
          ProblemType.BAD_GATEWAY, "The workflow engine could not be reached.");
    }
  }

  private static String detail(WebApplicationException e) {
    try {
      JsonNode body = e.getResponse().readEntity(JsonNode.class);
      return body.path("detail").asText("status " + e.getResponse().getStatus());
    } catch (RuntimeException unreadable) {
      return "status " + e.getResponse().getStatus();
    }
  }

  /** The engine refused the request itself: the caller's mistake, not the engine's failure. */
  public static class ClientProblem extends ProblemException {
    ClientProblem(ProblemType type, String detail) {
      super(type, detail, "runId");
    }
  }
}
