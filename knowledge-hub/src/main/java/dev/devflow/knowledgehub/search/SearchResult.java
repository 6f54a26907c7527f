package dev.devflow.knowledgehub.search;

import java.util.List;
import java.util.UUID;

/** Search answer: the hits, best first. */
public record SearchResult(String query, String mode, List<Item> results) {

  /**
   * One matching chunk.
   *
   * @param snippet the best passages with matched terms in {@code <b>}
   */
  public record Item(
      long chunkId,
      UUID sourceId,
      String sourceName,
      String url,
      String title,
      String headingPath,
      String text,
      String snippet,
      double score) {}
}
