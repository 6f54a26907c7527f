package dev.devflow.knowledgehub.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Our encoder tokenizes each text once where LangChain4j's tokenizes it three times; the vectors
 * must stay the ones LangChain4j gives, so that chunks embedded before and after the change, and
 * the queries searching them, remain comparable under the same model name. (A Quarkus test only
 * because the tokenizer's native library can be loaded by one class loader per JVM, and the other
 * tests load it in Quarkus's.)
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
class LeanEncoderTest {

  private static final ExecutorService POOL = Executors.newFixedThreadPool(2);

  @AfterAll
  static void stop() {
    POOL.shutdownNow();
  }

  @Test
  void givesLangChain4jsVectorsForShortAndLongTexts() {
    StringBuilder wal = new StringBuilder();
    StringBuilder vacuum = new StringBuilder();
    for (int i = 1; i <= 25; i++) {
      wal.append("Write-ahead log segment ")
          .append(i)
          .append(" is flushed before the data pages it covers, so replay after a crash restores")
          .append(" every committed change since checkpoint ")
          .append(i)
          .append(". ");
      vacuum
          .append("Autovacuum worker ")
          .append(i)
          .append(" removes dead tuples from bloated tables and freezes old transaction ids when")
          .append(" the scale factor threshold ")
          .append(i)
          .append(" is crossed. ");
    }
    String longText = wal + " " + vacuum; // ~1,300 tokens on two topics
    List<String> texts =
        List.of(
            "How do I create a partial index?",
            "CREATE INDEX orders_unbilled ON orders (order_nr) WHERE billed is not true;",
            "Chapter 11. Indexes — 11.8. Partial Indexes\nA partial index is built over a subset"
                + " of a table; the subset is defined by a conditional expression.",
            "naïve café résumé: accents are stripped by the uncased tokenizer",
            longText);
    List<float[]> ours = new LeanEncoder(LocalModel.MINILM, POOL, 128).embedAll(texts);
    var theirs =
        new AllMiniLmL6V2QuantizedEmbeddingModel()
            .embedAll(texts.stream().map(TextSegment::from).toList())
            .content();
    for (int i = 0; i < texts.size(); i++) {
      float[] a = ours.get(i);
      float[] b = theirs.get(i).vector();
      assertThat(a).hasSize(384);
      assertThat(dot(a, a))
          .as("unit length")
          .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
      assertThat(dot(a, b) / Math.sqrt(dot(b, b)))
          .as("cosine to LangChain4j's vector for text %d", i)
          .isGreaterThan(0.99999);
    }
    LeanEncoder onCaller = new LeanEncoder(LocalModel.MINILM, Runnable::run, 128);
    assertThat(onCaller.embedOne(texts.get(0))).containsExactly(ours.get(0));
    // both cut a long text at the tokenizer's 128 tokens: the second topic is never seen
    assertThat(dot(ours.get(4), onCaller.embedOne(wal.toString()))).isGreaterThan(0.99999);
  }

  @Test
  void bgeAndE5GiveLangChain4jsVectors() {
    List<String> texts =
        List.of(
            "How do I create a partial index?",
            "CREATE INDEX orders_unbilled ON orders (order_nr) WHERE billed is not true;",
            "Chapter 11. Indexes — 11.8. Partial Indexes\nA partial index is built over a subset"
                + " of a table; the subset is defined by a conditional expression.");
    var bge =
        new dev.langchain4j.model.embedding.onnx.bgesmallenv15q
                .BgeSmallEnV15QuantizedEmbeddingModel()
            .embedAll(texts.stream().map(TextSegment::from).toList())
            .content();
    var e5 =
        new dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel()
            .embedAll(texts.stream().map(TextSegment::from).toList())
            .content();
    List<float[]> ourBge = new LeanEncoder(LocalModel.BGE_SMALL, POOL, 256).embedAll(texts);
    List<float[]> ourE5 = new LeanEncoder(LocalModel.E5_SMALL, POOL, 256).embedAll(texts);
    for (int i = 0; i < texts.size(); i++) {
      float[] b = bge.get(i).vector();
      float[] e = e5.get(i).vector();
      assertThat(dot(ourBge.get(i), b) / Math.sqrt(dot(b, b)))
          .as("BGE, text %d", i)
          .isGreaterThan(0.99999);
      assertThat(dot(ourE5.get(i), e) / Math.sqrt(dot(e, e)))
          .as("e5, text %d", i)
          .isGreaterThan(0.99999);
    }
    // the query instruction is BGE's own for retrieval; a passage is embedded as written
    LocalEmbedder embedder = new LocalEmbedder(LocalModel.BGE_SMALL, 32);
    assertThat(dot(embedder.embed(List.of(texts.get(0))).get(0), ourBge.get(0)))
        .isGreaterThan(0.99999);
    assertThat(dot(embedder.embedQuery(texts.get(0)), ourBge.get(0))).isLessThan(0.99);
  }

  @Test
  void aLongerCutReadsMoreOfATextUnderItsOwnModelName() {
    String text =
        "Write-ahead logging keeps committed changes safe. ".repeat(20)
            + "Autovacuum removes dead tuples and freezes old transaction ids. ".repeat(20);
    LocalEmbedder standard = new LocalEmbedder(LocalModel.MINILM, 32, 128);
    LocalEmbedder longer = new LocalEmbedder(LocalModel.MINILM, 32);
    // 128 pieces keep the name vectors had before 256 became the default; 256 has its own, so
    // chunks embedded at 128 are re-embedded rather than searched with 256-piece queries
    assertThat(standard.model()).isEqualTo("all-minilm-l6-v2-q");
    assertThat(longer.model()).isEqualTo("all-minilm-l6-v2-q-256t");
    assertThat(dot(standard.embedQuery(text), longer.embedQuery(text))).isLessThan(0.99);
    assertThatThrownBy(() -> new LocalEmbedder(LocalModel.MINILM, 32, 1024))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max-tokens must be between 16 and 512");
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }
}
