package dev.devflow.knowledgehub.embed;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Executor;

/**
 * The quantized MiniLM in an ONNX session that runs each text on the calling thread alone and never
 * spin-waits. LangChain4j's default session gives every call a pool of spinning worker threads
 * while it also embeds a batch's texts in parallel, one per core: on two cores that is four busy
 * threads, and next to a crawl's fetching, parsing and indexing, or several concurrent searches,
 * those threads burned more CPU than the model. Here a batch's texts run in parallel on the given
 * executor (one thread per core for a crawl; the caller's own thread for a search), each on one
 * core.
 */
final class LeanMiniLm extends AbstractInProcessEmbeddingModel {

  private static final String MODEL = "all-minilm-l6-v2-q.onnx";
  private static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";

  private final OnnxBertBiEncoder encoder;

  LeanMiniLm(Executor executor) {
    super(executor);
    ClassLoader jar = AllMiniLmL6V2QuantizedEmbeddingModel.class.getClassLoader();
    try (InputStream model = jar.getResourceAsStream(MODEL);
        InputStream tokenizer = jar.getResourceAsStream(TOKENIZER);
        OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      this.encoder =
          new OnnxBertBiEncoder(
              env, env.createSession(model.readAllBytes(), options), tokenizer, PoolingMode.MEAN);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the MiniLM model from its jar", e);
    } catch (OrtException e) {
      throw new IllegalStateException("Cannot load the MiniLM model: " + e.getMessage(), e);
    }
  }

  /** A unit-length vector for one query. */
  float[] embedOne(String text) {
    var e = embedAll(java.util.List.of(TextSegment.from(text))).content().get(0);
    e.normalize();
    return e.vector();
  }

  @Override
  protected OnnxBertBiEncoder model() {
    return encoder;
  }

  @Override
  protected Integer knownDimension() {
    return 384;
  }
}
