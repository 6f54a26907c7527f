package dev.devflow.knowledgehub.embed;

import dev.devflow.knowledgehub.config.KnowledgeHubConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.jboss.logging.Logger;

/**
 * Embeds through an OpenAI-compatible endpoint (the AOSentry gateway): batches texts, backs off on
 * 429 and 5xx (honouring Retry-After), and trips a circuit breaker when the endpoint keeps failing.
 * The API key is sent, never logged.
 */
@ApplicationScoped
public class OpenAiEmbeddingClient implements Embedder {

  private static final Logger LOG = Logger.getLogger(OpenAiEmbeddingClient.class);

  private final KnowledgeHubConfig.Embeddings config;
  private volatile OpenAiEmbeddingRestClient rest;

  public OpenAiEmbeddingClient(KnowledgeHubConfig config) {
    this.config = config.embeddings();
  }

  @Override
  public String model() {
    return config.model();
  }

  @Override
  public int dimension() {
    return config.dimension();
  }

  @Override
  @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 10_000)
  public List<float[]> embed(List<String> texts) {
    List<float[]> out = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += config.batchSize()) {
      out.addAll(
          embedBatch(texts.subList(from, Math.min(texts.size(), from + config.batchSize()))));
    }
    return out;
  }

  private List<float[]> embedBatch(List<String> batch) {
    String auth = "Bearer " + config.apiKey().orElse("");
    Duration backoff = config.initialBackoff();
    for (int attempt = 1; ; attempt++) {
      try {
        var response =
            client()
                .embed(auth, new OpenAiEmbeddingRestClient.EmbeddingRequest(config.model(), batch));
        return vectors(response, batch.size());
      } catch (WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if ((status != 429 && status < 500) || attempt >= config.maxAttempts()) {
          throw new IllegalStateException(
              "Embedding endpoint answered HTTP " + status + " after " + attempt + " attempt(s)");
        }
        Duration wait = retryAfter(e).orElse(backoff);
        LOG.debugf("Embedding endpoint answered %d; retrying in %s", status, wait);
        sleep(wait);
        backoff = backoff.multipliedBy(2);
      }
    }
  }

  private List<float[]> vectors(OpenAiEmbeddingRestClient.EmbeddingResponse response, int size) {
    if (response == null || response.data() == null || response.data().size() != size) {
      throw new IllegalStateException("Embedding endpoint returned a wrong number of vectors");
    }
    List<float[]> out = new ArrayList<>(size);
    response.data().stream()
        .sorted(Comparator.comparingInt(OpenAiEmbeddingRestClient.Item::index))
        .forEach(item -> out.add(normalized(item.embedding())));
    if (out.get(0).length != dimension()) {
      throw new IllegalStateException(
          "Embedding endpoint returned dimension "
              + out.get(0).length
              + ", configured "
              + dimension());
    }
    return out;
  }

  private static float[] normalized(float[] v) {
    double norm = 0;
    for (float f : v) {
      norm += f * f;
    }
    float inv = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }

  private static java.util.Optional<Duration> retryAfter(WebApplicationException e) {
    String header = e.getResponse().getHeaderString("Retry-After");
    try {
      return header == null
          ? java.util.Optional.empty()
          : java.util.Optional.of(Duration.ofSeconds(Math.min(60, Long.parseLong(header.trim()))));
    } catch (NumberFormatException ignored) {
      return java.util.Optional.empty();
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while backing off", e);
    }
  }

  private OpenAiEmbeddingRestClient client() {
    if (rest == null) {
      rest =
          QuarkusRestClientBuilder.newBuilder()
              .baseUri(URI.create(config.baseUrl()))
              .connectTimeout(5, TimeUnit.SECONDS)
              .readTimeout(60, TimeUnit.SECONDS)
              .build(OpenAiEmbeddingRestClient.class);
    }
    return rest;
  }
}
