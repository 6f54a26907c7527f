package dev.devflow.knowledgehub.embed;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.devflow.knowledgehub.concurrent.Threads;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;

/**
 * A {@link LocalModel} from LangChain4j's jar, run on ONNX Runtime: the same vectors as
 * LangChain4j's {@code OnnxBertBiEncoder}, with less work around the model.
 *
 * <ul>
 *   <li>Each text runs on one thread and the session never spin-waits. LangChain4j's default
 *       session gives every call a pool of spinning workers while it also embeds a batch's texts in
 *       parallel, one per core: on two cores that is four busy threads, and next to a crawl or
 *       several searches they burned more CPU than the model.
 *   <li>Each text is tokenized once. LangChain4j tokenizes it, rebuilds a sentence from the tokens
 *       and tokenizes that again to check the round trip, then encodes the sentence: three passes,
 *       about 7% of the model's CPU. The token ids of one pass are the ones the model gets there
 *       whenever its round trip holds (a text it cannot rebuild, with characters the vocabulary
 *       lacks, it embeds as its word pieces glued together; here it is embedded as written).
 *   <li>A text is cut after {@code maxTokens} word pieces. At 128, the tokenizer configuration's
 *       own cut (about 500 characters of English), the vectors are LangChain4j's, whose windowing
 *       of texts over 510 tokens never comes into play with this tokenizer.
 * </ul>
 */
final class LeanEncoder {

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final boolean typeIds;
  private final Executor executor;
  private final LocalModel spec;

  LeanEncoder(LocalModel spec, Executor executor, int maxTokens) {
    this.spec = spec;
    this.executor = executor;
    ClassLoader jar = LeanEncoder.class.getClassLoader();
    try (InputStream model = resource(jar, spec.onnx());
        InputStream tokens = resource(jar, spec.tokenizer());
        OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      this.session = env.createSession(model.readAllBytes(), options);
      this.typeIds = session.getInputNames().contains("token_type_ids");
      this.tokenizer =
          HuggingFaceTokenizer.newInstance(
              tokens,
              Map.of(
                  "padding",
                  "false",
                  "truncation",
                  "true",
                  "maxLength",
                  Integer.toString(maxTokens)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the model " + spec.name + " from its jar", e);
    } catch (OrtException e) {
      throw new IllegalStateException(
          "Cannot load the model " + spec.name + ": " + e.getMessage(), e);
    }
  }

  private static InputStream resource(ClassLoader jar, String name) throws IOException {
    InputStream in = jar.getResourceAsStream(name);
    if (in == null) {
      throw new IOException(name + " is not on the class path");
    }
    return in;
  }

  /** Unit-length vectors, in order; the texts run in parallel on the executor. */
  List<float[]> embedAll(List<String> texts) {
    if (texts.size() == 1) {
      return List.of(embedOne(texts.get(0)));
    }
    List<FutureTask<float[]>> tasks = new ArrayList<>(texts.size());
    for (String text : texts) {
      FutureTask<float[]> task = new FutureTask<>(() -> embedOne(text));
      tasks.add(task);
      executor.execute(task);
    }
    List<float[]> out = new ArrayList<>(texts.size());
    try {
      for (FutureTask<float[]> task : tasks) {
        out.add(Threads.join(task, "Embedding"));
      }
    } catch (RuntimeException e) {
      tasks.forEach(t -> t.cancel(false)); // the batch has failed: its other texts need not run
      throw e;
    }
    return out;
  }

  /** A unit-length vector for one text, on the caller's thread. */
  float[] embedOne(String text) {
    return normalize(run(tokenizer.encode(text, true, false).getIds()));
  }

  /** The model's token vectors for one sequence, pooled as the model wants. */
  private float[] run(long[] ids) {
    long[] shape = {1, ids.length};
    long[] ones = new long[ids.length];
    Arrays.fill(ones, 1);
    try (OnnxTensor input = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
        OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(ones), shape);
        OnnxTensor types =
            OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape)) {
      Map<String, OnnxTensor> inputs =
          typeIds
              ? Map.of("input_ids", input, "attention_mask", mask, "token_type_ids", types)
              : Map.of("input_ids", input, "attention_mask", mask);
      try (OrtSession.Result result = session.run(inputs)) {
        float[][] vectors = ((float[][][]) result.get(0).getValue())[0];
        if (spec.pooling == LocalModel.Pooling.CLS) {
          return vectors[0];
        }
        float[] mean = new float[vectors[0].length];
        for (float[] v : vectors) {
          for (int j = 0; j < mean.length; j++) {
            mean[j] += v[j];
          }
        }
        for (int j = 0; j < mean.length; j++) {
          mean[j] /= vectors.length;
        }
        return mean;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("The model " + spec.name + " failed: " + e.getMessage(), e);
    }
  }

  private static float[] normalize(float[] v) {
    float sumSquare = 0;
    for (float x : v) {
      sumSquare += x * x;
    }
    float norm = (float) Math.sqrt(sumSquare);
    for (int i = 0; i < v.length; i++) {
      v[i] /= norm;
    }
    return v;
  }
}
