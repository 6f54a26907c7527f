package dev.devflow.knowledgehub.embed;

/**
 * What the model sees for a chunk: where it sits, then what it says. Ingestion and the re-embedding
 * after a change of model must give the model the same text, so both take it from here.
 */
public final class ChunkText {

  private ChunkText() {}

  public static String of(String title, String headingPath, String text) {
    String where =
        headingPath.isEmpty() || headingPath.equals(title) ? title : title + " — " + headingPath;
    return where.isBlank() ? text : where + "\n" + text;
  }
}
