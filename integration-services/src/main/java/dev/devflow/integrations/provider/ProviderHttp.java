package dev.devflow.integrations.provider;

import dev.devflow.integrations.config.IntegrationsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.jboss.logging.Logger;

/**
 * The one way out to GitHub, Atlassian and 1Password Connect. Every call has a timeout; rate limits
 * (429, or 403 with the limit spent) are waited out as the provider asks, within a bound; 5xx and
 * connection failures of idempotent calls are retried with doubling pauses; and a host that said
 * its window is spent is not called again before the window resets. Requests are never logged, so
 * tokens in headers stay out of the logs.
 */
@ApplicationScoped
public class ProviderHttp {

  private static final Logger LOG = Logger.getLogger(ProviderHttp.class);

  private final IntegrationsConfig.Http config;
  private final HttpClient client;
  private final Map<String, Instant> quietUntil = new ConcurrentHashMap<>();

  public ProviderHttp(IntegrationsConfig config) {
    this.config = config.http();
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(this.config.timeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /** Sends the request, waiting out rate limits; answers every non-limited status as is. */
  @CircuitBreaker(
      requestVolumeThreshold = 10,
      failureRatio = 0.9,
      delay = 15_000,
      failOn = ProviderUnreachableException.class)
  public ProviderResponse send(ProviderRequest request) {
    String host = request.uri().getHost() + ":" + request.uri().getPort();
    Duration backoff = config.initialBackoff();
    for (int attempt = 0; ; attempt++) {
      waitForWindow(host);
      ProviderResponse response = exchange(request, host, attempt);
      if (response == null) {
        backoff = pause(backoff, null);
        continue;
      }
      if (RateLimits.exhausted(response) && response.ok()) {
        RateLimits.requestedWait(response, Instant.now())
            .ifPresent(wait -> quietUntil.put(host, Instant.now().plus(bounded(wait))));
      }
      boolean limited = RateLimits.limited(response);
      boolean retryable = limited || (response.status() >= 500 && request.idempotent());
      if (!retryable) {
        return response;
      }
      Duration asked = RateLimits.requestedWait(response, Instant.now()).orElse(null);
      if (attempt >= config.maxRetries()
          || (asked != null && asked.compareTo(config.maxBackoff()) > 0)) {
        if (limited) {
          throw new RateLimitedException(asked != null ? asked : backoff);
        }
        return response;
      }
      LOG.infof(
          "%s answered %d to %s %s; retrying (attempt %d)",
          host, response.status(), request.method(), request.uri().getPath(), attempt + 1);
      backoff = pause(backoff, asked);
    }
  }

  private ProviderResponse exchange(ProviderRequest request, String host, int attempt) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(request.uri())
            .timeout(config.timeout())
            .method(
                request.method(),
                request.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(request.body()));
    request.headers().forEach(builder::header);
    try {
      HttpResponse<String> response =
          client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      return new ProviderResponse(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      if (request.idempotent() && attempt < config.maxRetries()) {
        return null;
      }
      throw new ProviderUnreachableException(host);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderUnreachableException(host);
    }
  }

  private void waitForWindow(String host) {
    Instant until = quietUntil.get(host);
    if (until != null) {
      Duration wait = Duration.between(Instant.now(), until);
      quietUntil.remove(host, until);
      if (!wait.isNegative()) {
        sleep(wait);
      }
    }
  }

  private Duration pause(Duration backoff, Duration asked) {
    sleep(bounded(asked != null ? asked : backoff));
    return bounded(backoff.multipliedBy(2));
  }

  private Duration bounded(Duration wait) {
    return wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
  }

  private static void sleep(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderUnreachableException("(interrupted)");
    }
  }
}
