package dev.devflow.knowledgehub.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sparse vectors the Qdrant index writes and queries with, computed without Qdrant. */
class SparseTermsTest {

  @Test
  void aQueryMeetsTheDocumentsTermsThroughTheSameAnalysis() {
    Map<Integer, Float> doc = new HashMap<>();
    SparseTerms.addDocument(doc, "Vacuuming reclaims storage; call functools.lru_cache.", 1);
    // stems, and identifier parts as well as whole identifiers
    assertThat(doc).containsKeys(SparseTerms.query("vacuum").keySet().toArray(Integer[]::new));
    assertThat(doc).containsKeys(SparseTerms.query("lru cache").keySet().toArray(Integer[]::new));
    assertThat(doc)
        .containsKeys(SparseTerms.query("functools.lru_cache").keySet().toArray(Integer[]::new));
    // each query term once, weight 1 (Qdrant's IDF modifier weighs them)
    assertThat(SparseTerms.query("vacuum vacuuming"))
        .containsOnly(Map.entry(SparseTerms.index("vacuum"), 1f));
    assertThat(SparseTerms.query("  ")).isEmpty();
  }

  @Test
  void termFrequenciesSaturateAndLongTextsWeighLess() {
    Map<Integer, Float> once = new HashMap<>(Map.of(1, 1f));
    Map<Integer, Float> often = new HashMap<>(Map.of(1, 10f));
    float w1 = SparseTerms.saturate(once).get(1);
    float w10 = SparseTerms.saturate(often).get(1);
    assertThat(w10).isGreaterThan(w1).isLessThan(SparseTerms.K1 + 1);

    Map<Integer, Float> longer = new HashMap<>(Map.of(1, 1f, 2, 400f));
    assertThat(SparseTerms.saturate(longer).get(1)).isLessThan(w1);
  }

  @Test
  void aSnippetStartsNearTheFirstMatch() {
    String text = "x ".repeat(300) + "autovacuum settings matter. " + "y ".repeat(300);
    String snippet = QdrantSearchIndex.snippet(text, SparseTerms.query("autovacuum"));
    assertThat(snippet).contains("autovacuum").startsWith("…").endsWith("…");
    assertThat(QdrantSearchIndex.snippet("short text", Map.of())).isEqualTo("short text");
  }
}
