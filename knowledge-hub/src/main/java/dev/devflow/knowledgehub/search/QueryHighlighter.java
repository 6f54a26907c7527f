package dev.devflow.knowledgehub.search;

import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.uhighlight.FieldHighlighter;
import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageScorer;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.util.BytesRef;

/**
 * Highlights the hits of one query, one at a time, from their stored text: term offsets come from
 * re-analysing that text (no weight matching, which built a Lucene Weight per hit, and no in-memory
 * index per hit), and the field highlighter (query terms, automata, the in-memory index it reuses)
 * is built once per query instead of once per hit, as Lucene itself does when it highlights several
 * documents.
 */
final class QueryHighlighter extends UnifiedHighlighter {

  private FieldHighlighter built;

  QueryHighlighter(Analyzer analyzer) {
    super(
        UnifiedHighlighter.builderWithoutSearcher(analyzer)
            .withMaxLength(20_000)
            .withWeightMatches(false)
            // Lucene's default here puts each hit's text into a MemoryIndex to score passages;
            // plain term offsets from the token stream pick the same sentences for word queries
            // at a fraction of the cost (measured: most of a search's CPU went to the MemoryIndex
            // once a page's folded passages were highlighted too).
            .withPassageRelevancyOverSpeed(false)
            .withBreakIterator(SentenceBreaks::new)
            .withScorer(new Bm25Passages()));
  }

  @Override
  protected FieldHighlighter getFieldHighlighter(
      String field, Query query, Set<Term> allTerms, int maxPassages) {
    if (built == null) {
      built = super.getFieldHighlighter(field, query, allTerms, maxPassages);
    }
    return built;
  }

  /**
   * Lucene's passage score (BM25 over the passage's distinct terms, by position), without the
   * {@code BytesRefHash} it allocates for every passage it scores: a 32 KB block each time, which
   * measured an eighth of a search's CPU. A passage has a handful of matches, so a scan finds the
   * distinct terms as fast.
   */
  static final class Bm25Passages extends PassageScorer {

    @Override
    public float score(Passage passage, int contentLength) {
      int matches = passage.getNumMatches();
      BytesRef[] terms = passage.getMatchTerms();
      int[] inDoc = passage.getMatchTermFreqsInDoc();
      double score = 0;
      for (int i = 0; i < matches; i++) {
        if (seenBefore(terms, i)) {
          continue;
        }
        int inPassage = 1;
        for (int j = i + 1; j < matches; j++) {
          if (terms[j].bytesEquals(terms[i])) {
            inPassage++;
          }
        }
        score += tf(inPassage, passage.getLength()) * weight(contentLength, inDoc[i]);
      }
      return (float) (score * norm(passage.getStartOffset()));
    }

    private static boolean seenBefore(BytesRef[] terms, int i) {
      for (int j = 0; j < i; j++) {
        if (terms[j].bytesEquals(terms[i])) {
          return true;
        }
      }
      return false;
    }
  }
}
