package dev.devflow.knowledgehub.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * Indexes every two words that stand near each other (at most {@value #WINDOW} positions apart, in
 * either order, identifier parts included) as one token, "alter tabl", so BM25 scores a question's
 * neighbouring words found together with one term lookup each. The phrase queries this replaces
 * (slop 2) read and compared positions in every chunk holding both words, which was half of a
 * keyword search's time over a large index. A pair is written in alphabetical order, so the word
 * order does not matter, as it did not within the phrases' slop.
 */
final class NearPairs extends TokenFilter {

  /** How far apart two words may stand to make a pair (a stop word between them counts). */
  static final int WINDOW = 2;

  private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
  private final PositionIncrementAttribute position =
      addAttribute(PositionIncrementAttribute.class);
  private Iterator<String> pairs;

  NearPairs(TokenStream input) {
    super(input);
  }

  /** The token for two words, as indexed and as sought. */
  static String of(String a, String b) {
    return a.compareTo(b) <= 0 ? a + ' ' + b : b + ' ' + a;
  }

  @Override
  public boolean incrementToken() throws IOException {
    if (pairs == null) {
      pairs = readAll().iterator();
    }
    if (!pairs.hasNext()) {
      return false;
    }
    clearAttributes();
    term.setEmpty().append(pairs.next());
    position.setPositionIncrement(1);
    return true;
  }

  private List<String> readAll() throws IOException {
    List<String> words = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    int at = -1;
    while (input.incrementToken()) {
      at += position.getPositionIncrement();
      words.add(term.toString());
      positions.add(at);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      for (int j = i + 1; j < words.size() && positions.get(j) - positions.get(i) <= WINDOW; j++) {
        if (!words.get(i).equals(words.get(j))) {
          out.add(of(words.get(i), words.get(j)));
        }
      }
    }
    return out;
  }

  @Override
  public void reset() throws IOException {
    super.reset();
    pairs = null;
  }
}
