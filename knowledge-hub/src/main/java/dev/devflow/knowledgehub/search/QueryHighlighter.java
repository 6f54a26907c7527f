package dev.devflow.knowledgehub.search;

import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.uhighlight.FieldHighlighter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;

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
            .withPassageRelevancyOverSpeed(false));
  }

  @Override
  protected FieldHighlighter getFieldHighlighter(
      String field, Query query, Set<Term> allTerms, int maxPassages) {
    if (built == null) {
      built = super.getFieldHighlighter(field, query, allTerms, maxPassages);
    }
    return built;
  }
}
