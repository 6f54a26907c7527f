package dev.devflow.workflowengine.guardian;

import dev.devflow.workflowengine.config.EngineConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The OpenAI-compatible endpoint (AOSentry), when configured: one chat completion per call, with a
 * timeout and a circuit breaker so a slow or failing model never stalls the Guardian (which then
 * falls back to its rules). The API key is sent, never logged.
 */
@ApplicationScoped
public class AosentryClient {

  private final Optional<AosentryRestClient> rest;
  private final EngineConfig.Llm llm;

  public AosentryClient(EngineConfig config) {
    this.llm = config.llm();
    this.rest =
        llm.baseUrl()
            .filter(url -> !url.isBlank())
            .map(
                url ->
                    QuarkusRestClientBuilder.newBuilder()
                        .baseUri(URI.create(url.endsWith("/") ? url : url + "/"))
                        .connectTimeout(5, TimeUnit.SECONDS)
                        .readTimeout(llm.timeout().toMillis(), TimeUnit.MILLISECONDS)
                        .build(AosentryRestClient.class));
  }

  public boolean configured() {
    return rest.isPresent();
  }

  /** The model's answer to a system and a user message (JSON mode), or empty on any failure. */
  @Timeout(value = 30, unit = ChronoUnit.SECONDS)
  @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 60_000)
  @Fallback(fallbackMethod = "noAnswer")
  public Optional<String> chatJson(String system, String user) {
    if (rest.isEmpty()) {
      return Optional.empty();
    }
    AosentryRestClient.ChatRequest request =
        new AosentryRestClient.ChatRequest(
            llm.model(),
            List.of(
                new AosentryRestClient.Message("system", system),
                new AosentryRestClient.Message("user", user)),
            0.0,
            Map.of("type", "json_object"));
    String auth = llm.apiKey().map(k -> "Bearer " + k).orElse(null);
    AosentryRestClient.ChatResponse response = rest.get().complete(auth, request);
    if (response == null || response.choices() == null || response.choices().isEmpty()) {
      throw new IllegalStateException("The model returned no choices");
    }
    return Optional.ofNullable(response.choices().get(0).message().content());
  }

  Optional<String> noAnswer(String system, String user) {
    return Optional.empty();
  }
}
