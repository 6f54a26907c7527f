package dev.devflow.knowledgehub.search;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.knowledgehub.embed.Embeddings;
import dev.devflow.knowledgehub.source.SourceRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** Validates a search, resolves its filters against the tenant's sources, and runs it. */
@ApplicationScoped
public class SearchService {

  /** Default number of hits. */
  public static final int DEFAULT_LIMIT = 10;

  private final SearchIndex index;
  private final Embeddings embeddings;
  private final SourceRepository sources;
  private final SearchSlots slots;
  private final Reranker reranker;
  private final SearchMetrics metrics;

  public SearchService(
      SearchIndex index,
      Embeddings embeddings,
      SourceRepository sources,
      SearchSlots slots,
      Reranker reranker,
      SearchMetrics metrics) {
    this.metrics = metrics;
    this.index = index;
    this.embeddings = embeddings;
    this.sources = sources;
    this.slots = slots;
    this.reranker = reranker;
  }

  /** Searches, timed by the mode that ran ({@link SearchMetrics}). */
  public SearchResult search(String tenant, SearchRequest r) {
    long start = System.nanoTime();
    SearchResult result = run(tenant, r);
    metrics.searched(result.mode(), System.nanoTime() - start);
    return result;
  }

  private SearchResult run(String tenant, SearchRequest r) {
    String query = requireQuery(r.query());
    SearchIndex.Mode asked = mode(r.mode());
    int limit = limit(r.limit());
    boolean byPage = byPage(r.results());
    Set<UUID> scope = scope(tenant, r.sourceIds(), r.tags());
    String notice = null;
    SearchIndex.Mode mode = asked;
    String indexModel = index.vectorModel(tenant);
    if (asked != SearchIndex.Mode.KEYWORD && !embeddings.model().equals(indexModel)) {
      // the model was changed and the rebuild that re-embeds the chunks has not finished: a query
      // vector from the new model means nothing next to the old model's vectors
      String why =
          "The search index still holds vectors of the model "
              + indexModel
              + " while the service now embeds with "
              + embeddings.model()
              + "; they are re-embedded and the index rebuilt in the background (progress at"
              + " /api/v1/admin/index).";
      if (asked == SearchIndex.Mode.SEMANTIC) {
        throw ProblemException.unavailable(
            why + " Semantic search works again when that is done; keyword search works now.", 30);
      }
      notice = why + " Until then hybrid search returns keyword results only.";
      mode = SearchIndex.Mode.KEYWORD;
    }
    if (mode != SearchIndex.Mode.KEYWORD) {
      try {
        embeddings.spendQuery(tenant);
      } catch (ProblemException e) {
        if (mode == SearchIndex.Mode.SEMANTIC || e.type() != ProblemType.QUOTA_EXCEEDED) {
          throw e;
        }
        // keyword search needs no model: an agent keeps finding pages until the month turns
        String why = e.getMessage() + " Until then hybrid search returns keyword results only.";
        notice = notice == null ? why : notice + " " + why;
        mode = SearchIndex.Mode.KEYWORD;
      }
    }
    if (scope != null && scope.isEmpty()) {
      return new SearchResult(
          query, mode.name().toLowerCase(Locale.ROOT), List.of(), notice, false);
    }
    SearchIndex.Mode run = mode;
    int depth = reranker.depth(limit);
    List<SearchIndex.Hit> found =
        slots.run(
            () -> {
              float[] vector =
                  run == SearchIndex.Mode.KEYWORD ? null : embeddings.embedQuery(query);
              return index.search(
                  tenant, new SearchIndex.Query(query, vector, run, scope, depth, byPage));
            });
    Map<UUID, String> names = sources.names(tenant);
    // a source deleted mid-flight is gone
    found = found.stream().filter(h -> names.containsKey(h.sourceId())).toList();
    Reranker.Outcome reranked = reranker.rerank(tenant, query, found);
    if (reranked.notice() != null) {
      notice = notice == null ? reranked.notice() : notice + " " + reranked.notice();
    }
    List<SearchResult.Item> items =
        reranked.hits().stream()
            .limit(limit)
            .map(
                h ->
                    new SearchResult.Item(
                        h.chunkId(),
                        h.sourceId(),
                        names.get(h.sourceId()),
                        h.url(),
                        h.title(),
                        h.headingPath(),
                        h.text(),
                        h.snippet(),
                        h.score(),
                        h.passages()))
            .toList();
    return new SearchResult(
        query, mode.name().toLowerCase(Locale.ROOT), items, notice, reranked.reranked());
  }

  public List<SearchIndex.CodeHit> searchCode(
      String tenant, String query, String language, List<String> sourceIds, Integer limit) {
    String q = requireQuery(query);
    Set<UUID> scope = scope(tenant, sourceIds, null);
    String lang =
        language == null || language.isBlank() ? null : language.strip().toLowerCase(Locale.ROOT);
    if (lang != null && !lang.matches("[a-z0-9+#_-]{1,30}")) {
      throw ProblemException.invalid(
          "language", "'" + language + "' is not a language name (e.g. java, python, sql).");
    }
    int n = limit(limit);
    return slots.run(() -> index.searchCode(tenant, q, lang, scope, n));
  }

  private static String requireQuery(String query) {
    if (query == null || query.isBlank()) {
      throw ProblemException.invalid("query", "The query must not be empty.");
    }
    if (query.length() > 1000) {
      throw ProblemException.invalid("query", "The query must be at most 1000 characters.");
    }
    return query.strip();
  }

  private static SearchIndex.Mode mode(String mode) {
    if (mode == null || mode.isBlank()) {
      return SearchIndex.Mode.HYBRID;
    }
    try {
      return SearchIndex.Mode.valueOf(mode.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid(
          "mode", "Mode must be hybrid, semantic or keyword, not '" + mode + "'.");
    }
  }

  private static boolean byPage(String results) {
    if (results == null || results.isBlank() || results.strip().equalsIgnoreCase("pages")) {
      return true;
    }
    if (results.strip().equalsIgnoreCase("chunks")) {
      return false;
    }
    throw ProblemException.invalid(
        "results", "Results must be pages (one per page) or chunks, not '" + results + "'.");
  }

  private static int limit(Integer limit) {
    if (limit == null) {
      return DEFAULT_LIMIT;
    }
    if (limit < 1 || limit > 50) {
      throw ProblemException.invalid("limit", "Limit must be between 1 and 50, not " + limit + ".");
    }
    return limit;
  }

  /** The sources to search: null for all; unknown ids are a 404 naming the field. */
  private Set<UUID> scope(String tenant, List<String> sourceIds, List<String> tags) {
    Set<UUID> scope = null;
    if (sourceIds != null && !sourceIds.isEmpty()) {
      List<UUID> ids = sourceIds.stream().map(parse()).toList();
      Set<UUID> known = new HashSet<>(sources.existing(tenant, ids));
      for (UUID id : ids) {
        if (!known.contains(id)) {
          throw new ProblemException(
              dev.devflow.common.problem.ProblemType.NOT_FOUND,
              "No source " + id + ".",
              "sourceIds");
        }
      }
      scope = known;
    }
    if (tags != null && !tags.isEmpty()) {
      Set<UUID> tagged = new HashSet<>(sources.idsWithAnyTag(tenant, tags));
      if (scope != null) {
        tagged.retainAll(scope);
      }
      scope = tagged;
    }
    return scope;
  }

  private static Function<String, UUID> parse() {
    return raw -> {
      try {
        return UUID.fromString(raw.strip());
      } catch (IllegalArgumentException e) {
        throw ProblemException.invalid("sourceIds", "'" + raw + "' is not a source id.");
      }
    };
  }
}
