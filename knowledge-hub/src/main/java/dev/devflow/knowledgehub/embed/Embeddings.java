package dev.devflow.knowledgehub.embed;

import dev.devflow.common.usage.PlanUsage;
import dev.devflow.knowledgehub.config.KnowledgeHubConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The configured {@link Embedder} (an in-process {@link LocalModel}, or AOSentry when {@code
 * embeddings.provider=openai}), counting every text it embeds so duplicated work shows up. Calls to
 * AOSentry are spent from the tenant's monthly LLM calls ({@link PlanUsage}) before they are made;
 * an in-process model costs the tenant none.
 */
@ApplicationScoped
public class Embeddings implements Embedder {

  private final KnowledgeHubConfig config;
  private final OpenAiEmbeddingClient openAi;
  private final PlanUsage usage;
  private final AtomicLong embedded = new AtomicLong();
  private volatile Embedder delegate;

  public Embeddings(KnowledgeHubConfig config, OpenAiEmbeddingClient openAi, PlanUsage usage) {
    this.config = config;
    this.openAi = openAi;
    this.usage = usage;
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

  /**
   * Embeds a tenant's texts, spending the model calls this takes from its plan first (refused with
   * a quota problem, nothing embedded, when too few are left); {@code enforce=false} only counts
   * them, for work the operator caused (re-embedding after a change of model).
   */
  public List<float[]> embed(String tenant, List<String> texts, boolean enforce) {
    int calls = callsFor(texts.size());
    if (enforce) {
      usage.spendLlmCalls(tenant, calls);
    } else {
      usage.countLlmCalls(tenant, calls);
    }
    return embed(texts);
  }

  /** Spends from the tenant's plan the model call that embedding one search query takes. */
  public void spendQuery(String tenant) {
    usage.spendLlmCalls(tenant, callsFor(1));
  }

  /** The model calls embedding this many texts takes: none in process, one per batch remotely. */
  public int callsFor(int texts) {
    if (texts == 0 || delegate() != openAi) {
      return 0;
    }
    int batch = Math.max(1, config.embeddings().batchSize());
    return (texts + batch - 1) / batch;
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
