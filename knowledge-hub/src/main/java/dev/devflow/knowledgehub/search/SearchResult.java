package dev.devflow.knowledgehub.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/**
 * Search answer: the hits, best first.
 *
 * @param mode the mode that ran: keyword when a hybrid search could not use vectors
 * @param notice why the search ran otherwise than asked, if it did
 */
public record SearchResult(
    String query,
    String mode,
    List<Item> results,
    @JsonInclude(JsonInclude.Include.NON_NULL) String notice) {

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
