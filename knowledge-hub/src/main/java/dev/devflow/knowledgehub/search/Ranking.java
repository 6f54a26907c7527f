package dev.devflow.knowledgehub.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the ranked chunk lists of keyword and semantic search into one ranking, of pages (a page's
 * best passage, with its other matching passages folded in) or of raw chunks. Independent of the
 * index, so every {@link SearchIndex} adapter ranks alike.
 *
 * <p>Hybrid search adds each list's scores after scaling them to 0..1 within the list (min-max),
 * the semantic list weighing {@value #SEMANTIC_SHARE} and the keyword list the rest; for pages, a
 * page's score in a list is its best chunk's. Chosen on the tuning half of bench/quality's
 * questions over two corpora against reciprocal rank fusion (any k and weights) and other shares;
 * it is at least as good as the better single mode there, and the README gives its test-half
 * figures. Reciprocal ranks at the usual k = 60 with equal weights let keyword search, the weaker
 * mode on questions asked in words, pull hybrid below semantic search alone. Where the index marks
 * pages' opening chunks (Lucene), hybrid search by page adds a third list: how close each found
 * page's opening is to the question ({@link #PAGE_OPENING_SHARE}).
 */
final class Ranking {

  /** The semantic list's share of a fused score; the keyword list has the rest. */
  static final double SEMANTIC_SHARE = 0.7;

  /**
   * Pages with their openings compared too: the semantic list's, the keyword list's and the
   * openings' shares. A page's opening (its title and what it is for: "SET CONSTRAINTS — set
   * constraint check timing for the current transaction") says what the whole page is about, which
   * its best passage alone may not; the tool's page then beats the chapters that merely mention it.
   * Chosen on the tuning half of bench/quality as the other weights were.
   */
  static final double PAGE_SEMANTIC_SHARE = 0.45;

  static final double PAGE_KEYWORD_SHARE = 0.30;
  static final double PAGE_OPENING_SHARE = 0.25;

  /** Matching passages folded into a page's result besides its best. */
  static final int FOLDED_PASSAGES = 3;

  /** A chunk found: its index key, its page, and its score in the list that found it. */
  record Candidate(int key, long page, double score) {}

  /** A result: the best chunk, the other matching chunks of its page, and its score. */
  record Ranked(int best, List<Integer> others, double score) {}

  private Ranking() {}

  /** One mode's list as results: by raw score; pages at their best chunk. */
  static List<Ranked> single(List<Candidate> list, boolean byPage, int limit) {
    if (!byPage) {
      return list.stream()
          .limit(limit)
          .map(c -> new Ranked(c.key(), List.of(), c.score()))
          .toList();
    }
    List<Ranked> out = new ArrayList<>();
    for (List<Candidate> chunks : byPage(list).values()) {
      if (out.size() == limit) {
        break;
      }
      List<Integer> others =
          chunks.stream().skip(1).limit(FOLDED_PASSAGES).map(Candidate::key).toList();
      out.add(new Ranked(chunks.get(0).key(), others, chunks.get(0).score()));
    }
    return out;
  }

  /**
   * Both lists fused by their scaled scores, as pages or as chunks; pages also by how close their
   * openings are to the question, when the index knows them ({@code openings}: the opening chunks
   * of the pages in either list, scored like the semantic list).
   */
  static List<Ranked> fuse(
      List<Candidate> keyword,
      List<Candidate> semantic,
      List<Candidate> openings,
      boolean byPage,
      int limit) {
    Map<Integer, Double> chunkScores = new HashMap<>();
    Map<Integer, Long> pageOf = new HashMap<>();
    add(chunkScores, keyword, 1 - SEMANTIC_SHARE);
    add(chunkScores, semantic, SEMANTIC_SHARE);
    keyword.forEach(c -> pageOf.put(c.key(), c.page()));
    semantic.forEach(c -> pageOf.put(c.key(), c.page()));
    Comparator<Map.Entry<Integer, Double>> best =
        Map.Entry.<Integer, Double>comparingByValue().reversed();
    if (!byPage) {
      return chunkScores.entrySet().stream()
          .sorted(best)
          .limit(limit)
          .map(e -> new Ranked(e.getKey(), List.of(), e.getValue()))
          .toList();
    }
    Map<Long, Double> pageScores = new HashMap<>();
    if (openings.isEmpty()) {
      add(pageScores, pageBests(keyword), 1 - SEMANTIC_SHARE);
      add(pageScores, pageBests(semantic), SEMANTIC_SHARE);
    } else {
      add(pageScores, pageBests(keyword), PAGE_KEYWORD_SHARE);
      add(pageScores, pageBests(semantic), PAGE_SEMANTIC_SHARE);
      // only pages found by either list: an opening alone does not make a page a result
      Map<Long, Double> opened = pageBests(openings);
      opened.keySet().retainAll(pageScores.keySet());
      add(pageScores, opened, PAGE_OPENING_SHARE);
    }
    // each page's chunks, best fused chunk first
    Map<Long, List<Integer>> chunksOfPage = new HashMap<>();
    chunkScores.entrySet().stream()
        .sorted(best)
        .forEach(
            e ->
                chunksOfPage
                    .computeIfAbsent(pageOf.get(e.getKey()), p -> new ArrayList<>())
                    .add(e.getKey()));
    return pageScores.entrySet().stream()
        .sorted(Map.Entry.<Long, Double>comparingByValue().reversed())
        .limit(limit)
        .map(
            e -> {
              List<Integer> chunks = chunksOfPage.get(e.getKey());
              return new Ranked(
                  chunks.get(0),
                  chunks.subList(1, Math.min(chunks.size(), 1 + FOLDED_PASSAGES)),
                  e.getValue());
            })
        .toList();
  }

  /** Adds the list's scores scaled to 0..1 within it (all 1 when they are equal), weighted. */
  private static void add(Map<Integer, Double> fused, List<Candidate> list, double weight) {
    Map<Integer, Double> scores = new LinkedHashMap<>();
    list.forEach(c -> scores.putIfAbsent(c.key(), c.score()));
    addScaled(fused, scores, weight);
  }

  private static <K> void add(Map<K, Double> fused, Map<K, Double> scores, double weight) {
    addScaled(fused, scores, weight);
  }

  private static <K> void addScaled(Map<K, Double> fused, Map<K, Double> scores, double weight) {
    double hi = scores.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    double lo = scores.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
    scores.forEach(
        (key, s) -> fused.merge(key, weight * (hi > lo ? (s - lo) / (hi - lo) : 1), Double::sum));
  }

  /** Each page's best chunk score in the list. */
  private static Map<Long, Double> pageBests(List<Candidate> list) {
    Map<Long, Double> out = new LinkedHashMap<>();
    list.forEach(c -> out.merge(c.page(), c.score(), Math::max));
    return out;
  }

  /** The list's pages in the order of their best chunk, each with its chunks in list order. */
  private static Map<Long, List<Candidate>> byPage(List<Candidate> list) {
    Map<Long, List<Candidate>> pages = new LinkedHashMap<>();
    for (Candidate c : list) {
      pages.computeIfAbsent(c.page(), p -> new ArrayList<>()).add(c);
    }
    return pages;
  }
}
