package dev.devflow.knowledgehub.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-process {@link LocalModel} (quantized ONNX shipped in a Maven jar): no network needed. */
public class LocalEmbedder implements Embedder {

  private final LocalModel spec;
  private final int batchSize;
  private final int maxTokens;
  private final LeanEncoder model;
  private volatile LeanEncoder queries;

  public LocalEmbedder(LocalModel spec, int batchSize) {
    this(spec, batchSize, spec.defaultMaxTokens);
  }

  public LocalEmbedder(LocalModel spec, int batchSize, int maxTokens) {
    if (maxTokens < 16 || maxTokens > 512) {
      throw new IllegalArgumentException(
          "devflow.knowledge-hub.embeddings.max-tokens must be between 16 and 512, not "
              + maxTokens);
    }
    this.spec = spec;
    this.batchSize = Math.max(1, batchSize);
    this.maxTokens = maxTokens;
    this.model = new LeanEncoder(spec, perCore(), maxTokens);
  }

  /**
   * The name stored with chunks: the model's, and the length read when it is not the model's
   * default (another length embeds differently, so the chunks are re-embedded).
   */
  @Override
  public String model() {
    return spec.nameAt(maxTokens);
  }

  @Override
  public int dimension() {
    return 384;
  }

  @Override
  public float[] embedQuery(String text) {
    LeanEncoder q = queries;
    if (q == null) {
      synchronized (this) {
        if (queries == null) {
          // one text: on the caller's thread
          queries = new LeanEncoder(spec, Runnable::run, maxTokens);
        }
        q = queries;
      }
    }
    return q.embedOne(spec.queryPrefix + text);
  }

  /** One daemon thread per core for a batch's texts (an idle pool costs nothing). */
  private ExecutorService perCore() {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(
        Runtime.getRuntime().availableProcessors(),
        r -> {
          Thread t = new Thread(r, spec.key + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    List<String> prefixed =
        spec.passagePrefix.isEmpty()
            ? texts
            : texts.stream().map(t -> spec.passagePrefix + t).toList();
    List<float[]> out = new ArrayList<>(texts.size());
    for (int from = 0; from < prefixed.size(); from += batchSize) {
      out.addAll(
          model.embedAll(prefixed.subList(from, Math.min(prefixed.size(), from + batchSize))));
    }
    return out;
  }
}
