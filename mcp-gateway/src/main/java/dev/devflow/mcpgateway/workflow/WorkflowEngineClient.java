package dev.devflow.mcpgateway.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devflow.mcpgateway.access.CallerAuthorization;
import dev.devflow.mcpgateway.upstream.UpstreamRejectedException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Calls the workflow-engine as the MCP caller (with the agent's own token too, when an agent
 * calls), with a deadline per call and a circuit breaker that only counts the engine's own failures
 * (timeouts, 5xx, unreachable), never its refusals (4xx).
 */
@ApplicationScoped
@Timeout(10_000)
@CircuitBreaker(
    requestVolumeThreshold = 10,
    failureRatio = 0.5,
    delay = 5_000,
    skipOn = UpstreamRejectedException.class)
public class WorkflowEngineClient {

  private final WorkflowEngineRestClient rest;
  private final CallerAuthorization caller;

  public WorkflowEngineClient(
      @RestClient WorkflowEngineRestClient rest, CallerAuthorization caller) {
    this.rest = rest;
    this.caller = caller;
  }

  public Uni<JsonNode> workflows(String auth) {
    return rest.workflows(auth, caller.agentToken());
  }

  public Uni<JsonNode> runs(String auth) {
    return rest.runs(auth, caller.agentToken());
  }

  public Uni<JsonNode> currentPhase(String auth, long runId) {
    return rest.currentPhase(auth, caller.agentToken(), runId);
  }

  public Uni<JsonNode> tasks(String auth, long runId, String status) {
    return rest.tasks(auth, caller.agentToken(), runId, status);
  }

  public Uni<JsonNode> createTask(String auth, long runId, JsonNode request) {
    return rest.createTask(auth, caller.agentToken(), runId, request);
  }

  /** The claimed task, or empty when no task of the run is ready. */
  public Uni<Optional<JsonNode>> claimNext(String auth, long runId) {
    return rest.claimNext(auth, caller.agentToken(), runId)
        .map(
            r ->
                r.getStatus() == 204
                    ? Optional.<JsonNode>empty()
                    : Optional.of(r.readEntity(JsonNode.class)));
  }

  public Uni<JsonNode> task(String auth, long taskId) {
    return rest.task(auth, caller.agentToken(), taskId);
  }

  public Uni<JsonNode> updateStatus(String auth, long taskId, JsonNode request) {
    return rest.updateStatus(auth, caller.agentToken(), taskId, request);
  }

  public Uni<JsonNode> progress(String auth, long taskId, JsonNode request) {
    return rest.progress(auth, caller.agentToken(), taskId, request);
  }

  public Uni<JsonNode> complete(String auth, long taskId, JsonNode request) {
    return rest.complete(auth, caller.agentToken(), taskId, request);
  }
}
