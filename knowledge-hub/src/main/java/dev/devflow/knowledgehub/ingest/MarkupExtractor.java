package dev.devflow.knowledgehub.ingest;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown, reStructuredText and plain text to structured text: ATX and underlined headings become
 * the heading path, fenced code blocks are kept whole with their language.
 */
public final class MarkupExtractor {

  private static final Pattern ATX = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern FENCE = Pattern.compile("^(```|~~~)\\s*([A-Za-z0-9+#_-]*).*$");
  private static final Pattern UNDERLINE = Pattern.compile("^([=\\-~^\"'`#*+])\\1{2,}\\s*$");

  private final List<ParsedDocument.Block> blocks = new ArrayList<>();
  private final String[] headings = new String[6];
  private final StringBuilder prose = new StringBuilder();
  private final List<Character> underlineOrder = new ArrayList<>();
  private String lastProse = "";
  private String firstTitle;

  private MarkupExtractor() {}

  public static ParsedDocument parse(String text, String fallbackTitle, URI url) {
    MarkupExtractor m = new MarkupExtractor();
    m.read(text.replace("\r\n", "\n").split("\n", -1));
    String title = m.firstTitle != null ? m.firstTitle : fallbackTitle;
    return new ParsedDocument(title, m.blocks, List.of(), url);
  }

  private void read(String[] lines) {
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      Matcher fence = FENCE.matcher(line.strip());
      Matcher atx = ATX.matcher(line);
      if (fence.matches()) {
        i = code(lines, i + 1, fence.group(1), fence.group(2));
      } else if (atx.matches()) {
        heading(atx.group(1).length() - 1, atx.group(2));
      } else if (i + 1 < lines.length
          && !line.isBlank()
          && UNDERLINE.matcher(lines[i + 1]).matches()
          && lines[i + 1].strip().length() >= line.strip().length()) {
        char mark = lines[i + 1].strip().charAt(0);
        if (mark != '=' && mark != '-' && !underlineOrder.contains(mark)) {
          underlineOrder.add(mark);
        }
        int level = mark == '=' ? 0 : mark == '-' ? 1 : 2 + underlineOrder.indexOf(mark);
        heading(Math.min(5, level), line.strip());
        i++;
      } else {
        prose.append(line).append('\n');
      }
    }
    flush();
  }

  private int code(String[] lines, int from, String fence, String language) {
    flush();
    StringBuilder code = new StringBuilder();
    int i = from;
    while (i < lines.length && !lines[i].strip().startsWith(fence)) {
      code.append(lines[i]).append('\n');
      i++;
    }
    String body = code.toString().stripTrailing();
    if (!body.isBlank()) {
      blocks.add(new ParsedDocument.Block(path(), body, true, language.toLowerCase(), lastProse));
    }
    return i;
  }

  private void heading(int level, String text) {
    flush();
    if (firstTitle == null && level == 0) {
      firstTitle = text.strip();
    }
    headings[level] = text.strip();
    for (int j = level + 1; j < 6; j++) {
      headings[j] = null;
    }
    blocks.add(ParsedDocument.Block.prose(path(), text.strip()));
  }

  private void flush() {
    String clean = prose.toString().replaceAll("\\n{3,}", "\n\n").strip();
    prose.setLength(0);
    if (!clean.isEmpty()) {
      blocks.add(ParsedDocument.Block.prose(path(), clean));
      lastProse = clean.length() > 400 ? clean.substring(clean.length() - 400) : clean;
    }
  }

  private String path() {
    return HeadingPath.of(headings);
  }
}
