package dev.devflow.knowledgehub.search;

import java.util.List;

/**
 * A search as a client asks it.
 *
 * @param mode hybrid (default), semantic or keyword
 * @param sourceIds restrict to these sources
 * @param tags restrict to sources carrying any of these tags
 * @param limit 1..50, default 10
 * @param results pages (default: one result per page, its best passage with its other matching
 *     passages folded in) or chunks (every matching chunk, as ranked)
 */
public record SearchRequest(
    String query,
    String mode,
    List<String> sourceIds,
    List<String> tags,
    Integer limit,
    String results) {

  public SearchRequest(
      String query, String mode, List<String> sourceIds, List<String> tags, Integer limit) {
    this(query, mode, sourceIds, tags, limit, null);
  }
}
