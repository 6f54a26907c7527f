package dev.devflow.knowledgehub.search;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * Indexes a code identifier whole and by its parts, at the same position: {@code
 * functools.lru_cache} also as {@code functools}, {@code lru_cache}, {@code lru} and {@code cache};
 * {@code ThreadPoolExecutor} also as {@code thread}, {@code pool} and {@code executor}. The
 * tokenizer keeps {@code pg_stat_activity} and {@code os.path.join} as one token each, so without
 * the parts a question naming {@code lru_cache} or "thread pool" never reaches the page that
 * documents {@code functools.lru_cache} or {@code ThreadPoolExecutor}. Queries are not split: an
 * identifier asked for matches itself whole, not every page that says "cache".
 */
final class IdentifierParts extends TokenFilter {

  private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
  private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
  private final PositionIncrementAttribute position =
      addAttribute(PositionIncrementAttribute.class);
  private final ArrayDeque<int[]> pending = new ArrayDeque<>();
  private String whole;
  private int start;
  private boolean exactOffsets;
  private State state;

  IdentifierParts(TokenStream input) {
    super(input);
  }

  @Override
  public boolean incrementToken() throws IOException {
    if (!pending.isEmpty()) {
      int[] part = pending.poll();
      restoreState(state);
      term.setEmpty().append(whole, part[0], part[1]);
      position.setPositionIncrement(0);
      if (exactOffsets) {
        offset.setOffset(start + part[0], start + part[1]);
      }
      return true;
    }
    if (!input.incrementToken()) {
      return false;
    }
    String t = term.toString();
    if (t.length() > 2 && t.length() <= 100 && mayHaveParts(t)) {
      Set<Long> parts = parts(t);
      if (!parts.isEmpty()) {
        whole = t;
        start = offset.startOffset();
        exactOffsets = offset.endOffset() - offset.startOffset() == t.length();
        state = captureState();
        for (long p : parts) {
          pending.add(new int[] {(int) (p >>> 32), (int) p});
        }
      }
    }
    return true;
  }

  private static boolean mayHaveParts(String t) {
    boolean lower = false;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '.' || c == '_' || (lower && Character.isUpperCase(c))) {
        return true;
      }
      lower = Character.isLowerCase(c);
    }
    return false;
  }

  /** The parts as (start << 32 | end), without the whole and without repeats. */
  static Set<Long> parts(String t) {
    Set<Long> out = new LinkedHashSet<>();
    for (long dotted : split(t, 0, t.length(), '.')) {
      int from = (int) (dotted >>> 32);
      int to = (int) dotted;
      out.add(dotted);
      for (long underscored : split(t, from, to, '_')) {
        out.add(underscored);
        out.addAll(camelCase(t, (int) (underscored >>> 32), (int) underscored));
      }
    }
    out.remove(((long) 0 << 32) | t.length());
    out.removeIf(
        p -> {
          int from = (int) (p >>> 32);
          int to = (int) p.longValue();
          return to - from < 2 && !Character.isDigit(t.charAt(to - 1));
        });
    return out;
  }

  private static java.util.List<Long> split(String t, int from, int to, char separator) {
    java.util.List<Long> out = new java.util.ArrayList<>();
    int s = from;
    for (int i = from; i <= to; i++) {
      if (i == to || t.charAt(i) == separator) {
        if (i > s) {
          out.add(((long) s << 32) | i);
        }
        s = i + 1;
      }
    }
    return out;
  }

  /** {@code ThreadPoolExecutor}: Thread, Pool, Executor; {@code HTTPServer}: HTTP, Server. */
  private static java.util.List<Long> camelCase(String t, int from, int to) {
    java.util.List<Long> out = new java.util.ArrayList<>();
    int s = from;
    for (int i = from + 1; i < to; i++) {
      char prev = t.charAt(i - 1);
      char c = t.charAt(i);
      boolean next = i + 1 < to && Character.isLowerCase(t.charAt(i + 1));
      if (Character.isUpperCase(c)
          && (Character.isLowerCase(prev) || (Character.isUpperCase(prev) && next))) {
        out.add(((long) s << 32) | i);
        s = i;
      }
    }
    if (s == from) {
      return java.util.List.of();
    }
    out.add(((long) s << 32) | to);
    return out;
  }

  @Override
  public void reset() throws IOException {
    super.reset();
    pending.clear();
    state = null;
  }
}
