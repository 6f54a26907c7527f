package dev.devflow.knowledgehub.search;

import io.qdrant.client.QdrantClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the search backend: with {@code QDRANT_URL} set, DOWN naming Qdrant while it does
 * not answer its health check (searches and indexing would fail); the embedded Lucene index is
 * always UP here.
 */
@Readiness
@ApplicationScoped
public class SearchBackendHealthCheck implements HealthCheck {

  static final long TIMEOUT_MS = 2_000;

  private final QdrantConnection qdrant;

  public SearchBackendHealthCheck(QdrantConnection qdrant) {
    this.qdrant = qdrant;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("search-index");
    Optional<QdrantClient> client = qdrant.client();
    if (client.isEmpty()) {
      return response.up().withData("backend", "lucene").build();
    }
    response.withData("backend", "qdrant").withData("qdrant", qdrant.endpoint());
    try {
      var reply = client.get().healthCheckAsync().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      return response.up().withData("version", reply.getVersion()).build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return response.down().withData("error", "Qdrant health check interrupted").build();
    } catch (Exception e) {
      return response
          .down()
          .withData("error", "Qdrant unreachable at " + qdrant.endpoint())
          .build();
    }
  }
}
