package dev.devflow.knowledgehub.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * BM25-style sparse vectors for the Qdrant index, computed here: a text's terms as the Lucene index
 * analyses them ({@link SearchAnalyzers}: stems, stop words, identifier parts), hashed to indices,
 * each weighted by BM25's saturated term frequency with length normalisation against a fixed
 * average length. The inverse document frequency is Qdrant's part (the sparse vector's {@code Idf}
 * modifier), computed over the tenant's collection. A query's terms weigh 1 each.
 */
final class SparseTerms {

  /** BM25's term-frequency saturation and length normalisation (Lucene's defaults). */
  static final float K1 = 1.2f;

  static final float B = 0.75f;

  /**
   * The average length BM25 normalises by, in terms: fixed (a sparse vector is written once, the
   * collection's average is not known then), about a chunk's length.
   */
  static final float AVERAGE_LENGTH = 200f;

  private static final Analyzer INDEX = SearchAnalyzers.index();

  private SparseTerms() {}

  /** A term's index in the sparse vector (32-bit hash; Qdrant's indices are unsigned 32-bit). */
  static int index(String term) {
    return term.hashCode() & 0x7fffffff;
  }

  /** Adds the text's term frequencies, each occurrence counting {@code weight}. */
  static void addDocument(Map<Integer, Float> frequencies, String text, float weight) {
    if (text == null || text.isBlank()) {
      return;
    }
    each(INDEX, text, (term, start) -> frequencies.merge(index(term), weight, Float::sum));
  }

  /** The frequencies as BM25 term weights (without IDF). */
  static Map<Integer, Float> saturate(Map<Integer, Float> frequencies) {
    float length = 0;
    for (float f : frequencies.values()) {
      length += f;
    }
    float norm = K1 * (1 - B + B * length / AVERAGE_LENGTH);
    Map<Integer, Float> out = new HashMap<>(frequencies.size() * 2);
    frequencies.forEach((i, tf) -> out.put(i, tf * (K1 + 1) / (tf + norm)));
    return out;
  }

  /** A query's terms, analysed as for Lucene's keyword search (question words left out). */
  static Map<Integer, Float> query(String text) {
    Map<Integer, Float> out = new HashMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    each(QuestionWords.analyzerFor(text), text, (term, start) -> out.put(index(term), 1f));
    return out;
  }

  /** Where the text's first term among {@code indices} starts, or 0. */
  static int firstMatch(String text, Set<Integer> indices) {
    int[] at = {-1};
    each(
        INDEX,
        text,
        (term, start) -> {
          if (at[0] < 0 && indices.contains(index(term))) {
            at[0] = start;
          }
        });
    return Math.max(0, at[0]);
  }

  @FunctionalInterface
  private interface TermSink {
    void accept(String term, int startOffset);
  }

  private static void each(Analyzer analyzer, String text, TermSink sink) {
    try (TokenStream ts = analyzer.tokenStream(LuceneDocuments.TEXT, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        sink.accept(term.toString(), offset.startOffset());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
