package dev.devflow.knowledgehub.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * English text analysis for the index and for queries: Unicode word breaks (which keep {@code
 * pg_stat_activity} and {@code os.path.join} whole), possessives dropped, lower case, English stop
 * words, Porter stems. The index also records code identifiers' parts ({@link IdentifierParts});
 * queries do not split them.
 */
final class SearchAnalyzers {

  /**
   * Bumped whenever what is indexed changes (analysis, fields): an index of another format is
   * rebuilt from PostgreSQL at start. 3: pages' opening chunks marked ({@link
   * LuceneDocuments#LEAD}), and words near each other indexed as pairs ({@link NearPairs}).
   */
  static final String FORMAT = "3";

  private SearchAnalyzers() {}

  /** What documents are indexed with. */
  static Analyzer index() {
    return new English(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, true);
  }

  /** What queries are analysed with, leaving out these stop words. */
  static Analyzer query(CharArraySet stopWords) {
    return new English(stopWords, false);
  }

  private static final class English extends Analyzer {
    private final CharArraySet stopWords;
    private final boolean identifierParts;

    English(CharArraySet stopWords, boolean identifierParts) {
      super(PER_FIELD_REUSE_STRATEGY); // the pairs field has a chain of its own
      this.stopWords = stopWords;
      this.identifierParts = identifierParts;
    }

    @Override
    protected TokenStreamComponents createComponents(String field) {
      StandardTokenizer source = new StandardTokenizer();
      TokenStream s = new EnglishPossessiveFilter(source);
      if (identifierParts) {
        s = new IdentifierParts(s);
      }
      s = new LowerCaseFilter(s);
      s = new StopFilter(s, stopWords);
      s = new PorterStemFilter(s);
      if (field.equals(LuceneDocuments.PAIRS)) {
        s = new NearPairs(s);
      }
      return new TokenStreamComponents(source, s);
    }

    @Override
    protected TokenStream normalize(String field, TokenStream in) {
      return new LowerCaseFilter(in);
    }
  }
}
