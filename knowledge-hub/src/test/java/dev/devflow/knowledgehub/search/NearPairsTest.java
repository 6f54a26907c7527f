package dev.devflow.knowledgehub.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;

class NearPairsTest {

  private final Analyzer analyzer = SearchAnalyzers.index();

  @Test
  void wordsNearEachOtherArePairedInEitherOrderAcrossAStopWord() throws IOException {
    assertThat(tokens(LuceneDocuments.PAIRS, "Use ALTER TABLE to change the table"))
        .contains("alter us", "alter tabl", "tabl us", "chang tabl")
        .doesNotContain("alter chang");
    assertThat(NearPairs.of("tabl", "alter")).isEqualTo("alter tabl");
  }

  @Test
  void identifierPartsPairWithTheirNeighbours() throws IOException {
    assertThat(tokens(LuceneDocuments.PAIRS, "call functools.lru_cache now"))
        .contains("call lru_cach", "cach call", "lru now");
  }

  /** One analyzer serves every field of a document: the text stays words, the pairs field pairs. */
  @Test
  void onlyThePairsFieldIsPairedWhicheverFieldCameFirst() throws IOException {
    assertThat(tokens(LuceneDocuments.TITLE, "alter table")).containsExactly("alter", "tabl");
    assertThat(tokens(LuceneDocuments.PAIRS, "alter table")).containsExactly("alter tabl");
    assertThat(tokens(LuceneDocuments.TEXT, "alter table")).containsExactly("alter", "tabl");
  }

  private List<String> tokens(String field, String text) throws IOException {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream(field, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(term.toString());
      }
      ts.end();
    }
    return out;
  }
}
