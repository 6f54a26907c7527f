package dev.devflow.mcpgateway.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devflow.mcpgateway.upstream.UpstreamRejectedException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Calls the knowledge-hub as the MCP caller. Every call has a deadline; a knowledge-hub that keeps
 * failing is left alone for a few seconds (circuit breaker) so tool calls fail fast meanwhile.
 * Refusals (4xx) mean the hub is healthy and never open the circuit.
 */
@ApplicationScoped
@Timeout(10_000)
@CircuitBreaker(
    requestVolumeThreshold = 10,
    failureRatio = 0.5,
    delay = 5_000,
    skipOn = UpstreamRejectedException.class)
public class KnowledgeHubClient {

  private final KnowledgeHubRestClient rest;

  public KnowledgeHubClient(@RestClient KnowledgeHubRestClient rest) {
    this.rest = rest;
  }

  public Uni<JsonNode> search(
      String auth,
      String query,
      String mode,
      List<String> sourceIds,
      List<String> tags,
      Integer limit) {
    return rest.search(auth, query, mode, sourceIds, tags, limit);
  }

  public Uni<JsonNode> codeExamples(
      String auth, String query, String language, List<String> sourceIds, Integer limit) {
    return rest.codeExamples(auth, query, language, sourceIds, limit);
  }

  public Uni<JsonNode> sources(String auth, String tag) {
    return rest.sources(auth, tag);
  }

  public Uni<JsonNode> source(String auth, String id) {
    return rest.source(auth, id);
  }

  public Uni<JsonNode> createSource(String auth, JsonNode request) {
    return rest.createSource(auth, request);
  }

  public Uni<JsonNode> job(String auth, String id) {
    return rest.job(auth, id);
  }

  public Uni<JsonNode> documents(String auth, String sourceId, String url, Integer limit) {
    return rest.documents(auth, sourceId, url, limit);
  }

  public Uni<JsonNode> document(String auth, long id, Integer offset, Integer maxChars) {
    return rest.document(auth, id, offset, maxChars);
  }
}
