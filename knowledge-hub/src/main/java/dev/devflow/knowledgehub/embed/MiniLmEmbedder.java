package dev.devflow.knowledgehub.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/** In-process all-MiniLM-L6-v2 (quantized ONNX shipped in a Maven jar): no network needed. */
public class MiniLmEmbedder implements Embedder {

  /** Name stored with chunks embedded by this model. */
  public static final String MODEL = "all-minilm-l6-v2-q";

  private final AllMiniLmL6V2QuantizedEmbeddingModel model =
      new AllMiniLmL6V2QuantizedEmbeddingModel();
  private final int batchSize;
  private volatile QueryMiniLm queries;

  public MiniLmEmbedder(int batchSize) {
    this.batchSize = Math.max(1, batchSize);
  }

  @Override
  public String model() {
    return MODEL;
  }

  @Override
  public int dimension() {
    return 384;
  }

  @Override
  public float[] embedQuery(String text) {
    QueryMiniLm q = queries;
    if (q == null) {
      synchronized (this) {
        if (queries == null) {
          queries = new QueryMiniLm();
        }
        q = queries;
      }
    }
    return q.embedOne(text);
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    List<float[]> out = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += batchSize) {
      List<TextSegment> batch =
          texts.subList(from, Math.min(texts.size(), from + batchSize)).stream()
              .map(TextSegment::from)
              .toList();
      for (Embedding e : model.embedAll(batch).content()) {
        e.normalize();
        out.add(e.vector());
      }
    }
    return out;
  }
}
