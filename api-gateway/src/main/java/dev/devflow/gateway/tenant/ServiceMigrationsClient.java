package dev.devflow.gateway.tenant;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Asks a service to migrate a tenant's schema. The call is idempotent (the service's migrator is),
 * so it is retried; a service that keeps failing opens the breaker instead of stalling every
 * provisioning.
 */
@ApplicationScoped
public class ServiceMigrationsClient {

  private final Map<URI, MigrationsRestClient> clients = new ConcurrentHashMap<>();

  @Retry(maxRetries = 3, delay = 500, jitter = 200)
  @Timeout(value = 60, unit = ChronoUnit.SECONDS)
  @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10_000)
  public Map<String, Object> migrate(URI service, String slug, String bearerToken) {
    return clients
        .computeIfAbsent(service, ServiceMigrationsClient::build)
        .migrate(slug, "Bearer " + bearerToken);
  }

  private static MigrationsRestClient build(URI base) {
    return QuarkusRestClientBuilder.newBuilder()
        .baseUri(base)
        .connectTimeout(2, TimeUnit.SECONDS)
        .readTimeout(55, TimeUnit.SECONDS)
        .build(MigrationsRestClient.class);
  }
}
