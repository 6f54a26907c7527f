package dev.devflow.knowledgehub.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Heading-aware chunking with overlap: a new chunk starts at each new section (unless the current
 * one is still small), prose is cut near {@value #TARGET} characters at a sentence or word boundary
 * with {@value #OVERLAP} characters carried over, and code blocks are never split.
 */
public final class Chunker {

  /** Aimed-for chunk length in characters. */
  public static final int TARGET = 1000;

  /** Characters of the previous chunk repeated at the start of the next one. */
  public static final int OVERLAP = 150;

  private static final int SMALL = 300;

  /** A chunk before embedding. */
  public record Draft(int ordinal, String headingPath, String text) {}

  private final List<Draft> out = new ArrayList<>();
  private final StringBuilder current = new StringBuilder();
  private String currentPath;
  private String lastPath;

  private Chunker() {}

  public static List<Draft> chunk(ParsedDocument doc) {
    Chunker c = new Chunker();
    for (ParsedDocument.Block b : doc.blocks()) {
      c.add(b);
    }
    c.emit(false);
    return c.out;
  }

  private void add(ParsedDocument.Block b) {
    boolean newSection = lastPath != null && !b.headingPath().equals(lastPath);
    if (newSection && current.length() >= SMALL) {
      emit(false);
    }
    lastPath = b.headingPath();
    if (currentPath == null || current.isEmpty() || (newSection && current.length() < SMALL)) {
      // a short lead-in (a title, one sentence) belongs to the section that follows it
      currentPath = b.headingPath();
    }
    if (b.code()) {
      addCode(b.text());
    } else {
      addProse(b.text());
    }
  }

  private void addCode(String code) {
    if (current.length() + code.length() > TARGET * 3 / 2 && !current.isEmpty()) {
      emit(false);
      currentPath = lastPath;
    }
    append(code);
    if (current.length() >= TARGET) {
      emit(false);
    }
  }

  private void addProse(String text) {
    String rest = text;
    while (current.length() + rest.length() > TARGET) {
      int room = Math.max(TARGET - current.length(), 200);
      int cut = cutPoint(rest, Math.min(room, rest.length()));
      append(rest.substring(0, cut).strip());
      rest = rest.substring(cut).strip();
      emit(true);
      if (rest.isEmpty()) {
        return;
      }
    }
    append(rest);
  }

  private void append(String s) {
    if (s.isEmpty()) {
      return;
    }
    if (!current.isEmpty()) {
      current.append("\n\n");
    }
    current.append(s);
  }

  /** Emits the current chunk; with overlap, its tail starts the next one. */
  private void emit(boolean overlap) {
    String text = current.toString().strip();
    current.setLength(0);
    if (text.isEmpty()) {
      return;
    }
    out.add(new Draft(out.size(), currentPath == null ? "" : currentPath, text));
    if (overlap && text.length() > OVERLAP) {
      int start = text.indexOf(' ', text.length() - OVERLAP);
      current.append(text.substring(start < 0 ? text.length() - OVERLAP : start + 1));
    }
  }

  private static int cutPoint(String s, int max) {
    if (max >= s.length()) {
      return s.length();
    }
    for (String mark : new String[] {"\n", ". ", " "}) {
      int i = s.lastIndexOf(mark, max);
      if (i > max / 2) {
        return i + mark.length();
      }
    }
    return max;
  }
}
