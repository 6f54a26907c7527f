package dev.devflow.mcpgateway.upstream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The MCP gateway is only useful while the services behind its tools answer: readiness asks each
 * upstream's own readiness, in parallel and with a timeout, and names the ones that are down.
 */
@Readiness
@ApplicationScoped
public class UpstreamsHealthCheck implements HealthCheck {

  private final McpGatewayConfig config;
  private final HttpClient http;

  @Inject
  public UpstreamsHealthCheck(McpGatewayConfig config) {
    this.config = config;
    this.http = HttpClient.newBuilder().connectTimeout(config.upstreamTimeout()).build();
  }

  @Override
  public HealthCheckResponse call() {
    Map<String, CompletableFuture<String>> probes = new LinkedHashMap<>();
    probes.put("knowledge-hub", probe(config.knowledgeHubUrl()));
    probes.put("workflow-engine", probe(config.workflowEngineUrl()));
    HealthCheckResponseBuilder response = HealthCheckResponse.named("upstreams").up();
    probes.forEach(
        (name, probe) -> {
          String state = probe.join();
          response.withData(name, state);
          if (!"UP".equals(state)) {
            response.down();
          }
        });
    return response.build();
  }

  private CompletableFuture<String> probe(URI base) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/health/ready"))
            .timeout(config.upstreamTimeout())
            .GET()
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .thenApply(r -> r.statusCode() == 200 ? "UP" : "DOWN (HTTP " + r.statusCode() + ")")
        .exceptionally(e -> "DOWN (unreachable at " + base + ")");
  }
}
