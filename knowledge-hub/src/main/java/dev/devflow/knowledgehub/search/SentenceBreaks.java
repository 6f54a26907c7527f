package dev.devflow.knowledgehub.search;

import java.text.BreakIterator;
import java.text.CharacterIterator;
import java.text.StringCharacterIterator;
import java.util.Arrays;

/**
 * Sentence boundaries for snippets, found in one pass over the text: after a full stop, question or
 * exclamation mark followed by white space, and after a line break (boundaries fall where the next
 * sentence's first character is). The JDK's rule-based sentence iterator walks the text through a
 * {@link CharacterIterator} one character at a time on every {@code following}/{@code preceding}
 * call; a search highlights up to forty chunks, and it measured an eighth of a search's CPU. A stop
 * inside a word ({@code pg_catalog.pg_class}, {@code 3.14}) is not a boundary.
 */
final class SentenceBreaks extends BreakIterator {

  private String text = "";
  private int[] bounds = {0};
  private int count = 1;
  private int at;

  @Override
  public void setText(String newText) {
    text = newText;
    int n = newText.length();
    int[] found = new int[16];
    int k = 0;
    found[k++] = 0;
    int i = 0;
    while (i < n) {
      char c = newText.charAt(i++);
      boolean ends =
          c == '\n'
              || ((c == '.' || c == '?' || c == '!')
                  && i < n
                  && Character.isWhitespace(newText.charAt(i)));
      if (!ends) {
        continue;
      }
      while (i < n && Character.isWhitespace(newText.charAt(i))) {
        i++;
      }
      if (i < n) {
        if (k == found.length) {
          found = Arrays.copyOf(found, k * 2);
        }
        found[k++] = i;
      }
    }
    if (n > 0) {
      if (k == found.length) {
        found = Arrays.copyOf(found, k + 1);
      }
      found[k++] = n;
    }
    bounds = found;
    count = k;
    at = 0;
  }

  @Override
  public void setText(CharacterIterator newText) {
    StringBuilder b = new StringBuilder(newText.getEndIndex() - newText.getBeginIndex());
    for (char c = newText.first(); c != CharacterIterator.DONE; c = newText.next()) {
      b.append(c);
    }
    setText(b.toString());
  }

  @Override
  public CharacterIterator getText() {
    StringCharacterIterator it = new StringCharacterIterator(text);
    it.setIndex(current());
    return it;
  }

  @Override
  public int first() {
    at = 0;
    return bounds[at];
  }

  @Override
  public int last() {
    at = count - 1;
    return bounds[at];
  }

  @Override
  public int next(int n) {
    int to = at + n;
    if (to < 0 || to >= count) {
      at = to < 0 ? 0 : count - 1;
      return DONE;
    }
    at = to;
    return bounds[at];
  }

  @Override
  public int next() {
    return next(1);
  }

  @Override
  public int previous() {
    return next(-1);
  }

  @Override
  public int following(int offset) {
    check(offset);
    int i = Arrays.binarySearch(bounds, 0, count, offset);
    int first = i >= 0 ? i + 1 : -i - 1;
    if (first >= count) {
      at = count - 1;
      return DONE;
    }
    at = first;
    return bounds[at];
  }

  @Override
  public int preceding(int offset) {
    check(offset);
    int i = Arrays.binarySearch(bounds, 0, count, offset);
    int before = (i >= 0 ? i : -i - 1) - 1;
    if (before < 0) {
      at = 0;
      return DONE;
    }
    at = before;
    return bounds[at];
  }

  @Override
  public boolean isBoundary(int offset) {
    check(offset);
    int i = Arrays.binarySearch(bounds, 0, count, offset);
    if (i >= 0) {
      at = i;
      return true;
    }
    following(offset);
    return false;
  }

  @Override
  public int current() {
    return bounds[at];
  }

  private void check(int offset) {
    if (offset < 0 || offset > text.length()) {
      throw new IllegalArgumentException("offset " + offset + " outside 0.." + text.length());
    }
  }
}
