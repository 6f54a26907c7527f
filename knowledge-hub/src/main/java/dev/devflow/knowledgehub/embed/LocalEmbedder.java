package dev.devflow.knowledgehub.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** In-process all-MiniLM-L6-v2 (quantized ONNX shipped in a Maven jar): no network needed. */
public class MiniLmEmbedder implements Embedder {

  /** Model name stored with chunks embedded by this model at its default 128 tokens. */
  public static final String MODEL = "all-minilm-l6-v2-q";

  /** The tokenizer configuration's own cut, and the model's training length. */
  public static final int DEFAULT_MAX_TOKENS = 128;

  private final int batchSize;
  private final int maxTokens;
  private final LeanMiniLm model;
  private volatile LeanMiniLm queries;

  public MiniLmEmbedder(int batchSize) {
    this(batchSize, DEFAULT_MAX_TOKENS);
  }

  public MiniLmEmbedder(int batchSize, int maxTokens) {
    if (maxTokens < 16 || maxTokens > 512) {
      throw new IllegalArgumentException(
          "devflow.knowledge-hub.embeddings.max-tokens must be between 16 and 512, not "
              + maxTokens);
    }
    this.batchSize = Math.max(1, batchSize);
    this.maxTokens = maxTokens;
    this.model = new LeanMiniLm(perCore(), maxTokens);
  }

  @Override
  public String model() {
    return maxTokens == DEFAULT_MAX_TOKENS ? MODEL : MODEL + "-" + maxTokens + "t";
  }

  @Override
  public int dimension() {
    return 384;
  }

  @Override
  public float[] embedQuery(String text) {
    LeanMiniLm q = queries;
    if (q == null) {
      synchronized (this) {
        if (queries == null) {
          queries = new LeanMiniLm(Runnable::run, maxTokens); // one text: on the caller's thread
        }
        q = queries;
      }
    }
    return q.embedOne(text);
  }

  /** One daemon thread per core for a batch's texts (an idle pool costs nothing). */
  private static ExecutorService perCore() {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(
        Runtime.getRuntime().availableProcessors(),
        r -> {
          Thread t = new Thread(r, "minilm-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    List<float[]> out = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += batchSize) {
      out.addAll(model.embedAll(texts.subList(from, Math.min(texts.size(), from + batchSize))));
    }
    return out;
  }
}
