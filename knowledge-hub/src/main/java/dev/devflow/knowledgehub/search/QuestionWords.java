package dev.devflow.knowledgehub.search;

import java.util.List;
import java.util.Locale;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.en.EnglishAnalyzer;

/**
 * The words that make a sentence a question ("how do I", "which ... should each") rather than say
 * what it is about. People and agents ask in sentences, and BM25 scored these words like any other:
 * "Which kinds of indexes are available and when should each be used?" put "When Can Parallel Query
 * Be Used?" first, on its title. The keyword query leaves them out, as long as at least two other
 * words remain, so a short query such as "CASE WHEN" keeps them.
 */
final class QuestionWords {

  private static final List<String> WORDS =
      List.of(
          "what", "which", "who", "whom", "whose", "why", "how", "where", "when", "do", "does",
          "did", "can", "could", "should", "would", "shall", "may", "might", "must", "i", "me",
          "my", "we", "our", "you", "your", "each", "am", "has", "have", "had", "been");

  private static final CharArraySet STOP = stopSet();
  private static final Analyzer WITHOUT_THEM = SearchAnalyzers.query(STOP);
  private static final Analyzer PLAIN =
      SearchAnalyzers.query(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);

  private QuestionWords() {}

  /** The analyzer for a keyword query: without the question words if enough else remains. */
  static Analyzer analyzerFor(String query) {
    int content = 0;
    for (String word : query.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}_]+")) {
      if (!word.isEmpty() && !STOP.contains(word)) {
        content++;
      }
    }
    return content >= 2 ? WITHOUT_THEM : PLAIN;
  }

  private static CharArraySet stopSet() {
    CharArraySet set = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, false);
    set.addAll(WORDS);
    return CharArraySet.unmodifiableSet(set);
  }
}
