package dev.devflow.workflowengine.guardian;

import dev.devflow.common.llm.JsonChat;
import dev.devflow.common.llm.ModelHttpClient;
import dev.devflow.workflowengine.config.EngineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The OpenAI-compatible endpoint (AOSentry), when configured, through LangChain4j's OpenAI client:
 * one chat completion per call, with a timeout and a circuit breaker so a slow or failing model
 * never stalls the Guardian (which then falls back to its rules). A 429 or 5xx is tried once more
 * after the Retry-After it gives (or a second). The API key is sent, never logged.
 */
@ApplicationScoped
public class AosentryClient {

  private final Optional<JsonChat> chat;

  public AosentryClient(EngineConfig config) {
    EngineConfig.Llm llm = config.llm();
    this.chat =
        llm.baseUrl()
            .filter(url -> !url.isBlank())
            .map(
                url ->
                    new JsonChat(
                        url,
                        llm.apiKey(),
                        llm.model(),
                        null,
                        llm.timeout(),
                        new ModelHttpClient.Retry(2, Duration.ofSeconds(1))));
  }

  public boolean configured() {
    return chat.isPresent();
  }

  /** The model's answer to a system and a user message (JSON mode), or empty on any failure. */
  @Timeout(value = 30, unit = ChronoUnit.SECONDS)
  @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 60_000)
  @Fallback(fallbackMethod = "noAnswer")
  public Optional<String> chatJson(String system, String user) {
    if (chat.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(chat.get().ask(system, user));
  }

  Optional<String> noAnswer(String system, String user) {
    return Optional.empty();
  }
}
