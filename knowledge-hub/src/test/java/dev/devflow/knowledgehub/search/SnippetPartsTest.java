package dev.devflow.knowledgehub.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageScorer;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/** The snippet's sentence breaks and passage scores, against what Lucene and the JDK give. */
class SnippetPartsTest {

  private static final String PROSE =
      "VACUUM reclaims storage occupied by dead tuples. In normal operation, tuples that are"
          + " deleted are not physically removed! Why? Because of MVCC.\nThe next line starts"
          + " here. Use pg_catalog.pg_class and version 3.14 freely.";

  @Test
  void breaksProseWhereTheJdksSentenceIteratorDoesButNotInsideIdentifiers() {
    BreakIterator jdk = BreakIterator.getSentenceInstance(Locale.ROOT);
    jdk.setText(PROSE);
    SentenceBreaks ours = new SentenceBreaks();
    ours.setText(PROSE);
    assertThat(all(ours)).isEqualTo(all(jdk));
    assertThat(all(ours)).doesNotContain(PROSE.indexOf("pg_class"), PROSE.indexOf("14 freely"));
  }

  @Test
  void followingAndPrecedingKeepTheBreakIteratorContract() {
    BreakIterator jdk = BreakIterator.getSentenceInstance(Locale.ROOT);
    jdk.setText(PROSE);
    SentenceBreaks ours = new SentenceBreaks();
    ours.setText(PROSE);
    for (int offset = 0; offset <= PROSE.length(); offset++) {
      if (offset < PROSE.length()) {
        assertThat(ours.following(offset))
            .as("following %d", offset)
            .isEqualTo(jdk.following(offset));
        assertThat(ours.current()).isEqualTo(jdk.current());
      }
      if (offset > 0) {
        assertThat(ours.preceding(offset))
            .as("preceding %d", offset)
            .isEqualTo(jdk.preceding(offset));
        assertThat(ours.current()).isEqualTo(jdk.current());
      }
    }
    assertThat(ours.last()).isEqualTo(PROSE.length());
    assertThat(ours.next()).isEqualTo(BreakIterator.DONE);
    assertThat(ours.first()).isZero();
    assertThat(ours.previous()).isEqualTo(BreakIterator.DONE);
    ours.setText("");
    assertThat(ours.first()).isZero();
    assertThat(ours.next()).isEqualTo(BreakIterator.DONE);
  }

  @Test
  void scoresPassagesExactlyAsLucenesScorer() {
    PassageScorer lucene = new PassageScorer();
    PassageScorer ours = new QueryHighlighter.Bm25Passages();
    String[] words = {"vacuum", "dead", "tuple", "vacuum", "dead", "vacuum", "mvcc"};
    for (int matches = 0; matches <= words.length; matches++) {
      Passage p = new Passage();
      p.setStartOffset(40 * matches);
      p.setEndOffset(40 * matches + 180);
      for (int i = 0; i < matches; i++) {
        p.addMatch(40 * matches + 10 * i, 40 * matches + 10 * i + 5, new BytesRef(words[i]), 2 + i);
      }
      assertThat(ours.score(p, 1_500)).as("%d matches", matches).isEqualTo(lucene.score(p, 1_500));
    }
  }

  @Test
  void highlightsTheSameSentencesAsLucenesStockHighlighter() throws Exception {
    Analyzer analyzer = SearchAnalyzers.index();
    UnifiedHighlighter stock =
        UnifiedHighlighter.builderWithoutSearcher(analyzer)
            .withMaxLength(20_000)
            .withWeightMatches(false)
            .withPassageRelevancyOverSpeed(false)
            .build();
    List<List<String>> queries =
        List.of(List.of("mvcc", "tupl"), List.of("vacuum"), List.of("line", "next"), List.of("x"));
    for (List<String> words : queries) {
      BooleanQuery.Builder query = new BooleanQuery.Builder();
      words.forEach(
          w ->
              query.add(
                  new TermQuery(new Term(LuceneDocuments.TEXT, w)), BooleanClause.Occur.SHOULD));
      for (int passages = 1; passages <= 2; passages++) {
        Object ours =
            new QueryHighlighter(analyzer)
                .highlightWithoutSearcher(LuceneDocuments.TEXT, query.build(), PROSE, passages);
        Object theirs =
            stock.highlightWithoutSearcher(LuceneDocuments.TEXT, query.build(), PROSE, passages);
        assertThat(String.valueOf(ours))
            .as("%s, %d passages", words, passages)
            .isEqualTo(String.valueOf(theirs));
      }
    }
  }

  private static List<Integer> all(BreakIterator it) {
    List<Integer> out = new ArrayList<>();
    for (int b = it.first(); b != BreakIterator.DONE; b = it.next()) {
      out.add(b);
    }
    return out;
  }
}
