package dev.devflow.cli;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Asks a service's {@code /health/ready} whether it is ready, giving up after a second. */
public final class ReadinessProbe {

  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  // HTTP/1.1: the default HTTP/2 upgrade attempt is wasted work against plain-HTTP services.
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(TIMEOUT)
          .proxy(HttpClient.Builder.NO_PROXY)
          .build();

  public boolean isReady(Service service) {
    return isReadyAsync(service).join();
  }

  /** Ready means 200; a refused connection, a timeout or any other status means not yet. */
  public CompletableFuture<Boolean> isReadyAsync(Service service) {
    HttpRequest request = HttpRequest.newBuilder(service.readyUrl()).timeout(TIMEOUT).GET().build();
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .thenApply(response -> response.statusCode() == 200)
        .exceptionally(failure -> false);
  }
}
