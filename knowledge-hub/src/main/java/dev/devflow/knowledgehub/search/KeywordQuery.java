package dev.devflow.knowledgehub.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * A question as a BM25 query: each word sought in the page title, the heading path and the text,
 * and each pair of neighbouring words found near each other in the text ({@link NearPairs}) or in
 * the title (a phrase, slop 2) scoring extra, so "alter table" prefers a passage about ALTER TABLE
 * over one that says "alter" and "table" apart.
 *
 * <p>The weights were tuned on the tuning half of bench/quality's questions (keyword recall@5 on
 * the PostgreSQL manual 0.569 with title 2, headings 1.5 to 0.688 with 0.5 and 0.5; on the Python
 * documentation 0.803 to 0.852). A title or heading match still counts for more than one in the
 * text: BM25 scores a word in a field of a few words far above the same word in a passage of 150,
 * and larger boosts let every chunk of a page whose title shares a word with the question crowd out
 * the passage that answers it. Without the pairs recall@5 fell to 0.495. The text's pairs were
 * phrase queries until their position checks took half of a keyword search's time at 100k chunks;
 * indexed as pairs (as Elasticsearch's {@code index_phrases} indexes two-word shingles) a keyword
 * search there costs 5.3 instead of 8 ms of CPU and a hybrid one 9.2 instead of 13, for hybrid
 * recall@5 / MRR on the tuning half of 0.853 / 0.695 against 0.844 / 0.701 with phrases
 * (PostgreSQL) and 0.951 / 0.819 against 0.958 / 0.818 (Python).
 */
final class KeywordQuery {

  static final float TITLE = 0.5f;
  static final float HEADING = 0.5f;
  static final float TEXT = 1f;
  static final float PAIR = 1f;
  static final int PAIR_SLOP = 2;

  /** Words of a query used; a 1000-character query stays within Lucene's clause limit. */
  static final int MAX_TERMS = 64;

  private KeywordQuery() {}

  static Query of(String text, Analyzer analyzer) {
    List<String> terms = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream(LuceneDocuments.TEXT, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
      ts.reset();
      int position = -1;
      while (ts.incrementToken() && terms.size() < MAX_TERMS) {
        position += Math.max(1, inc.getPositionIncrement());
        terms.add(term.toString());
        positions.add(position);
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (terms.isEmpty()) {
      return new MatchNoDocsQuery();
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (String t : terms.stream().distinct().toList()) {
      b.add(
          boosted(new TermQuery(new Term(LuceneDocuments.TITLE, t)), TITLE),
          BooleanClause.Occur.SHOULD);
      b.add(
          boosted(new TermQuery(new Term(LuceneDocuments.HEADING, t)), HEADING),
          BooleanClause.Occur.SHOULD);
      b.add(
          boosted(new TermQuery(new Term(LuceneDocuments.TEXT, t)), TEXT),
          BooleanClause.Occur.SHOULD);
    }
    for (int i = 0; i + 1 < terms.size() && PAIR > 0; i++) {
      if (terms.get(i).equals(terms.get(i + 1))) {
        continue;
      }
      int gap = positions.get(i + 1) - positions.get(i);
      b.add(
          boosted(
              new TermQuery(
                  new Term(LuceneDocuments.PAIRS, NearPairs.of(terms.get(i), terms.get(i + 1)))),
              PAIR),
          BooleanClause.Occur.SHOULD);
      // a title is a few words: the phrase there costs little
      PhraseQuery inTitle =
          new PhraseQuery.Builder()
              .add(new Term(LuceneDocuments.TITLE, terms.get(i)), 0)
              .add(new Term(LuceneDocuments.TITLE, terms.get(i + 1)), gap)
              .setSlop(PAIR_SLOP)
              .build();
      b.add(boosted(inTitle, PAIR), BooleanClause.Occur.SHOULD);
    }
    return b.build();
  }

  /**
   * The words of a keyword query sought in the text, without its pairs: what snippets highlight.
   * Phrase clauses make the highlighter index every hit's text in memory to find their positions,
   * which cost several times the search itself with a dozen hits and their folded passages.
   */
  static Query textTerms(Query keyword) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    boolean any = false;
    if (keyword instanceof BooleanQuery bq) {
      for (BooleanClause c : bq.clauses()) {
        Query q = c.getQuery() instanceof BoostQuery boost ? boost.getQuery() : c.getQuery();
        if (q instanceof TermQuery t && t.getTerm().field().equals(LuceneDocuments.TEXT)) {
          b.add(q, BooleanClause.Occur.SHOULD);
          any = true;
        }
      }
    }
    return any ? b.build() : keyword;
  }

  private static Query boosted(Query q, float boost) {
    return boost == 1f ? q : new BoostQuery(q, boost);
  }
}
