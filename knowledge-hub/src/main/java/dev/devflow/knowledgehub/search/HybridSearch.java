package dev.devflow.knowledgehub.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.BytesRef;

/**
 * One search against one searcher: BM25 over text, title and headings, k-NN over the chunk vectors,
 * and reciprocal rank fusion ({@code 1 / (60 + rank)}) of both lists for hybrid mode.
 */
final class HybridSearch {

  private static final int RRF_K = 60;
  private static final double KEYWORD_WEIGHT = 0.5;
  private static final double SEMANTIC_WEIGHT = 1.0;
  private static final int FUSION_DEPTH = 10;

  /**
   * Candidates the k-NN graph walk keeps (ef_search; 100 is Qdrant's and OpenSearch's default). At
   * 50 a crawl's vectors in one graph (an index nobody searched while it was written) lost one
   * known-item answer in the benchmark's forty that the exact neighbours keep; 100 keeps it.
   */
  private static final int KNN_BEAM = 100;

  private static final int SNIPPET_FALLBACK = 240;

  private final IndexSearcher searcher;
  private final Analyzer analyzer;

  HybridSearch(IndexSearcher searcher, Analyzer analyzer) {
    this.searcher = searcher;
    this.analyzer = analyzer;
  }

  List<SearchIndex.Hit> search(SearchIndex.Query q) throws IOException {
    boolean hybrid = q.mode() == SearchIndex.Mode.HYBRID;
    int depth = hybrid ? Math.max(FUSION_DEPTH, q.limit()) : q.limit();
    Query filter = filter(LuceneDocuments.CHUNK_KIND, q.sourceIds(), null);
    Query keyword = keywordQuery(q.text());
    Map<Integer, Double> fused = new LinkedHashMap<>();
    if (q.mode() != SearchIndex.Mode.SEMANTIC) {
      add(
          fused,
          searcher.search(bm25(keyword, filter, q.sourceIds()), depth),
          hybrid ? KEYWORD_WEIGHT : 0);
    }
    if (q.mode() != SearchIndex.Mode.KEYWORD && q.vector() != null) {
      // a wider HNSW beam than the hits kept makes the nearest neighbours found more exact; only
      // chunks carry vectors, so the kind filter is needed only when the search is scoped
      Query knn =
          new KnnFloatVectorQuery(
              LuceneDocuments.VECTOR,
              LuceneDocuments.unit(q.vector()),
              Math.max(depth, KNN_BEAM),
              q.sourceIds() == null ? null : filter);
      add(fused, searcher.search(knn, depth), hybrid ? SEMANTIC_WEIGHT : 0);
    }
    List<Map.Entry<Integer, Double>> ranked = new ArrayList<>(fused.entrySet());
    ranked.sort(Map.Entry.<Integer, Double>comparingByValue().reversed());
    ranked = ranked.subList(0, Math.min(q.limit(), ranked.size()));
    return hits(ranked, keyword);
  }

  List<SearchIndex.CodeHit> searchCode(String text, String language, Set<UUID> sources, int limit)
      throws IOException {
    SimpleQueryParser parser =
        new SimpleQueryParser(
            analyzer,
            Map.of(
                LuceneDocuments.CODE,
                1f,
                LuceneDocuments.CONTEXT,
                1.5f,
                LuceneDocuments.TITLE,
                1f));
    Query parsed = parser.parse(text);
    Query query =
        new BooleanQuery.Builder()
            .add(parsed == null ? new MatchNoDocsQuery() : parsed, BooleanClause.Occur.MUST)
            .add(filter(LuceneDocuments.CODE_KIND, sources, language), BooleanClause.Occur.FILTER)
            .build();
    List<SearchIndex.CodeHit> out = new ArrayList<>();
    for (ScoreDoc sd : searcher.search(query, limit).scoreDocs) {
      out.add(LuceneDocuments.codeHit(searcher.storedFields().document(sd.doc), sd.score));
    }
    return out;
  }

  /**
   * BM25 over chunks only. Unscoped, the query's own optional clauses stay top level and code
   * examples are excluded (MUST_NOT) rather than chunks required (FILTER): same hits and scores,
   * but Lucene can then score it as a plain disjunction that skips documents which cannot reach the
   * top k, instead of a conjunction with a filter matching nearly every document.
   */
  private static Query bm25(Query keyword, Query filter, Set<UUID> sources) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    if (sources != null) {
      return b.add(keyword, BooleanClause.Occur.MUST)
          .add(filter, BooleanClause.Occur.FILTER)
          .build();
    }
    if (keyword instanceof BooleanQuery bq
        && bq.getMinimumNumberShouldMatch() == 0
        && bq.clauses().stream().allMatch(c -> c.getOccur() == BooleanClause.Occur.SHOULD)) {
      bq.clauses().forEach(b::add);
    } else {
      b.add(keyword, BooleanClause.Occur.MUST);
    }
    return b.add(
            new TermQuery(new Term(LuceneDocuments.KIND, LuceneDocuments.CODE_KIND)),
            BooleanClause.Occur.MUST_NOT)
        .build();
  }

  private Query keywordQuery(String text) {
    SimpleQueryParser parser =
        new SimpleQueryParser(
            QuestionWords.analyzerFor(text, analyzer),
            Map.of(
                LuceneDocuments.TEXT,
                1f,
                LuceneDocuments.TITLE,
                2f,
                LuceneDocuments.HEADING,
                1.5f));
    Query parsed = parser.parse(text);
    return parsed == null ? new MatchNoDocsQuery() : parsed;
  }

  private static Query filter(String kind, Set<UUID> sources, String language) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    b.add(new TermQuery(new Term(LuceneDocuments.KIND, kind)), BooleanClause.Occur.FILTER);
    if (sources != null) {
      List<BytesRef> ids = sources.stream().map(id -> new BytesRef(id.toString())).toList();
      b.add(new TermInSetQuery(LuceneDocuments.SOURCE, ids), BooleanClause.Occur.FILTER);
    }
    if (language != null && !language.isBlank()) {
      b.add(
          new TermQuery(new Term(LuceneDocuments.LANGUAGE, language)), BooleanClause.Occur.FILTER);
    }
    return b.build();
  }

  /** Adds a ranked list: raw scores (weight 0: a single mode) or weighted reciprocal ranks. */
  private static void add(Map<Integer, Double> fused, TopDocs top, double weight) {
    for (int rank = 0; rank < top.scoreDocs.length; rank++) {
      ScoreDoc sd = top.scoreDocs[rank];
      double score = weight == 0 ? sd.score : weight / (RRF_K + rank + 1);
      fused.merge(sd.doc, score, Double::sum);
    }
  }

  /** Loads each hit's stored fields once and highlights the text already loaded. */
  private List<SearchIndex.Hit> hits(List<Map.Entry<Integer, Double>> ranked, Query keyword)
      throws IOException {
    List<SearchIndex.Hit> out = new ArrayList<>(ranked.size());
    if (ranked.isEmpty()) {
      return out;
    }
    QueryHighlighter highlighter = new QueryHighlighter(analyzer); // one query, this thread only
    StoredFields stored = searcher.storedFields();
    for (Map.Entry<Integer, Double> e : ranked) {
      Document d = stored.document(e.getKey());
      String text = d.get(LuceneDocuments.TEXT);
      Object highlighted =
          highlighter.highlightWithoutSearcher(LuceneDocuments.TEXT, keyword, text, 2);
      String snippet = highlighted == null ? null : highlighted.toString();
      if (snippet == null || snippet.isBlank()) {
        snippet =
            text.length() > SNIPPET_FALLBACK ? text.substring(0, SNIPPET_FALLBACK) + "…" : text;
      }
      out.add(LuceneDocuments.hit(d, snippet, e.getValue()));
    }
    return out;
  }
}
