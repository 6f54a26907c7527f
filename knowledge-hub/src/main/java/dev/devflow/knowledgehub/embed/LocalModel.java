package dev.devflow.knowledgehub.embed;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The embedding models that run in-process: quantized ONNX files and their tokenizers, shipped in
 * LangChain4j's Maven jars (no network at run time). They differ in how a sequence's token vectors
 * become one vector (mean or the [CLS] token) and in what they expect in front of a query or a
 * passage.
 */
public enum LocalModel {
  /**
   * all-MiniLM-L6-v2: 6 layers, mean pooling. Run on 256 word pieces, as sentence-transformers runs
   * it: a ~1,000-character chunk with its title no longer loses its second half, and the known-item
   * questions of bench/quality find their page more often (0.807 to 0.826 recall@5 on the
   * PostgreSQL manual's tuning half) for ~30% more embedding time. Its bare name stays the one of
   * its 128-piece vectors, which installations before this hold.
   */
  MINILM("minilm", "all-minilm-l6-v2-q", "all-minilm-l6-v2-q", Pooling.MEAN, "", "", 256, 128),

  /**
   * BGE-small-en-v1.5: 12 layers, the [CLS] token, and an instruction in front of queries (not
   * passages) as its authors recommend for retrieval.
   */
  BGE_SMALL(
      "bge-small",
      "bge-small-en-v1.5-q",
      "bge-small-en-v1.5-q",
      Pooling.CLS,
      "Represent this sentence for searching relevant passages: ",
      "",
      256,
      256),

  /** e5-small-v2: 12 layers, mean pooling, "query: " and "passage: " in front of each text. */
  E5_SMALL(
      "e5-small", "e5-small-v2-q", "e5-small-v2-q", Pooling.MEAN, "query: ", "passage: ", 256, 256);

  /** How a sequence's token vectors become one. */
  public enum Pooling {
    MEAN,
    CLS
  }

  /** Its name in configuration ({@code devflow.knowledge-hub.embeddings.provider}). */
  public final String key;

  /** Its name stored with chunks and indexes (see {@link #nameAt}). */
  public final String name;

  /** The ONNX file's and tokenizer's names in the jar, without their suffixes. */
  final String resource;

  final Pooling pooling;
  final String queryPrefix;
  final String passagePrefix;

  /** Word pieces read by default, [CLS] and [SEP] included. */
  public final int defaultMaxTokens;

  /** The length whose vectors carry the bare name; others are named with their length. */
  final int namedTokens;

  LocalModel(
      String key,
      String name,
      String resource,
      Pooling pooling,
      String queryPrefix,
      String passagePrefix,
      int defaultMaxTokens,
      int namedTokens) {
    this.key = key;
    this.name = name;
    this.resource = resource;
    this.pooling = pooling;
    this.queryPrefix = queryPrefix;
    this.passagePrefix = passagePrefix;
    this.defaultMaxTokens = defaultMaxTokens;
    this.namedTokens = namedTokens;
  }

  /** The name stored with vectors of this length (another length embeds differently). */
  public String nameAt(int maxTokens) {
    return maxTokens == namedTokens ? name : name + "-" + maxTokens + "t";
  }

  /** The model configured by this key, or an error naming the ones there are. */
  public static LocalModel byKey(String key) {
    String k = key.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(m -> m.key.equals(k))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "devflow.knowledge-hub.embeddings.provider must be "
                        + Arrays.stream(values()).map(m -> m.key).collect(Collectors.joining(", "))
                        + " or openai, not '"
                        + key
                        + "'"));
  }

  String onnx() {
    return resource + ".onnx";
  }

  String tokenizer() {
    return resource + "-tokenizer.json";
  }
}
