package dev.devflow.knowledgehub.ingest;

/** The heading path of a block: the headings above it, outermost first, joined by {@code >}. */
final class HeadingPath {

  private HeadingPath() {}

  /** Joins the non-empty headings, one slot per level, e.g. {@code Guide > Install}. */
  static String of(String[] headings) {
    StringBuilder out = new StringBuilder();
    for (String h : headings) {
      if (h != null && !h.isEmpty()) {
        out.append(out.isEmpty() ? "" : " > ").append(h);
      }
    }
    return out.toString();
  }
}
