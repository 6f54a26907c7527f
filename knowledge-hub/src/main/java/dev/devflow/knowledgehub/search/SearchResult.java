package dev.devflow.knowledgehub.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/**
 * Search answer: the hits, best first.
 *
 * @param mode the mode that ran: keyword when a hybrid search could not use vectors
 * @param notice why the search ran otherwise than asked, if it did
 * @param reranked whether a chat model reordered the results (see {@link Reranker})
 */
public record SearchResult(
    String query,
    String mode,
    List<Item> results,
    @JsonInclude(JsonInclude.Include.NON_NULL) String notice,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean reranked) {

  /**
   * One matching page (its best chunk) or chunk.
   *
   * @param snippet the best passages with matched terms in {@code <b>}
   * @param passages the page's other matching passages, best first (results by page only)
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
      double score,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<SearchIndex.Passage> passages) {}
}
