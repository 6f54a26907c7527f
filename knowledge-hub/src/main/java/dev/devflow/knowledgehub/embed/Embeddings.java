package dev.devflow.knowledgehub.embed;

import dev.devflow.knowledgehub.config.KnowledgeHubConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The configured {@link Embedder} (an in-process {@link LocalModel}, or AOSentry when {@code
 * embeddings.provider=openai}), counting every text it embeds so duplicated work shows up.
 */
@ApplicationScoped
public class Embeddings implements Embedder {

  private final KnowledgeHubConfig config;
  private final OpenAiEmbeddingClient openAi;
  private final AtomicLong embedded = new AtomicLong();
  private volatile Embedder delegate;

  public Embeddings(KnowledgeHubConfig config, OpenAiEmbeddingClient openAi) {
    this.config = config;
    this.openAi = openAi;
  }

  private Embedder delegate() {
    Embedder d = delegate;
    if (d == null) {
      synchronized (this) {
        if (delegate == null) {
          delegate =
              "openai".equals(config.embeddings().provider())
                  ? openAi
                  : local(LocalModel.byKey(config.embeddings().provider()));
        }
        d = delegate;
      }
    }
    return d;
  }

  private Embedder local(LocalModel spec) {
    return new LocalEmbedder(
        spec,
        config.embeddings().batchSize(),
        config.embeddings().maxTokens().orElse(spec.defaultMaxTokens));
  }

  @Override
  public String model() {
    return delegate().model();
  }

  @Override
  public int dimension() {
    return delegate().dimension();
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    if (texts.isEmpty()) {
      return List.of();
    }
    List<float[]> vectors = delegate().embed(texts);
    embedded.addAndGet(texts.size());
    return vectors;
  }

  @Override
  public float[] embedQuery(String text) {
    float[] vector = delegate().embedQuery(text);
    embedded.incrementAndGet();
    return vector;
  }

  /**
   * Embeds with another model from now on, as a restart with another one configured would; the
   * model this replaced is returned. Tests use it to change the model without a restart.
   */
  Embedder use(Embedder model) {
    Embedder before = delegate();
    delegate = model;
    return before;
  }

  /** Texts embedded since start (for tests and metrics). */
  public long embeddedCount() {
    return embedded.get();
  }
}
