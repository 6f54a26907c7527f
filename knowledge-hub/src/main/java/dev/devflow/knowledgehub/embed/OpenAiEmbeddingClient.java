package dev.devflow.knowledgehub.embed;

import dev.devflow.common.llm.ModelHttpClient;
import dev.devflow.knowledgehub.config.KnowledgeHubConfig;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

/**
 * Embeds through an OpenAI-compatible endpoint (the AOSentry gateway) with LangChain4j's OpenAI
 * client: batches of {@code batch-size} texts, 429 and 5xx retried with backoff honouring
 * Retry-After ({@link ModelHttpClient}), and a circuit breaker when the endpoint keeps failing. The
 * API key is sent, never logged.
 */
@ApplicationScoped
public class OpenAiEmbeddingClient implements Embedder {

  private final KnowledgeHubConfig.Embeddings config;
  private volatile EmbeddingModel model;

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
    if (texts.isEmpty()) {
      return List.of();
    }
    List<Embedding> embeddings;
    try {
      embeddings = client().embedAll(texts.stream().map(TextSegment::from).toList()).content();
    } catch (RuntimeException e) {
      throw new IllegalStateException("Embedding endpoint failed: " + ModelHttpClient.reason(e), e);
    }
    if (embeddings == null || embeddings.size() != texts.size()) {
      throw new IllegalStateException("Embedding endpoint returned a wrong number of vectors");
    }
    List<float[]> out = new ArrayList<>(embeddings.size());
    for (Embedding e : embeddings) {
      float[] v = e.vector();
      if (v.length != dimension()) {
        throw new IllegalStateException(
            "Embedding endpoint returned dimension " + v.length + ", configured " + dimension());
      }
      out.add(normalized(v));
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

  private EmbeddingModel client() {
    if (model == null) {
      model =
          OpenAiEmbeddingModel.builder()
              .baseUrl(config.baseUrl())
              .apiKey(config.apiKey().filter(k -> !k.isBlank()).orElse(null))
              .modelName(config.model())
              .maxSegmentsPerBatch(config.batchSize())
              .maxRetries(0)
              .timeout(Duration.ofSeconds(60))
              .httpClientBuilder(
                  IndexOrder.around(
                      ModelHttpClient.builder(
                          new ModelHttpClient.Retry(
                              config.maxAttempts(), config.initialBackoff()))))
              .build();
    }
    return model;
  }
}
