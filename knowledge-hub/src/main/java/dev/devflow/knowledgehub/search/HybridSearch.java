package dev.devflow.knowledgehub.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
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
 * One search against one searcher: BM25 over text, title and headings ({@link KeywordQuery}), k-NN
 * over the chunk vectors, and {@link Ranking} of what they found, by page or by chunk.
 */
final class HybridSearch {

  /**
   * Chunks each mode hands to the ranking (at least; three per result asked for): enough for ten
   * distinct pages when a page's chunks crowd a list, and for fusion to see past each list's top.
   */
  private static final int CANDIDATES = 50;

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
    int depth = q.byPage() || hybrid ? Math.max(CANDIDATES, 3 * q.limit()) : q.limit();
    Query filter = filter(LuceneDocuments.CHUNK_KIND, q.sourceIds(), null);
    Query keyword = KeywordQuery.of(q.text(), QuestionWords.analyzerFor(q.text()));
    List<Ranking.Candidate> byWords = List.of();
    List<Ranking.Candidate> byMeaning = List.of();
    if (q.mode() != SearchIndex.Mode.SEMANTIC) {
      byWords = candidates(searcher.search(bm25(keyword, filter, q.sourceIds()), depth));
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
      byMeaning = candidates(searcher.search(knn, depth));
    }
    List<Ranking.Candidate> openings =
        hybrid && q.byPage() && q.vector() != null
            ? openings(q.vector(), byWords, byMeaning)
            : List.of();
    List<Ranking.Ranked> ranked =
        hybrid
            ? Ranking.fuse(byWords, byMeaning, openings, q.byPage(), q.limit())
            : Ranking.single(
                q.mode() == SearchIndex.Mode.KEYWORD ? byWords : byMeaning, q.byPage(), q.limit());
    return hits(ranked, keyword);
  }

  /**
   * How close the opening chunk of each page found is to the question: exact, over those few chunks
   * (a filter smaller than k makes Lucene compare every one instead of walking the graph).
   */
  private List<Ranking.Candidate> openings(
      float[] vector, List<Ranking.Candidate> byWords, List<Ranking.Candidate> byMeaning)
      throws IOException {
    Set<BytesRef> pages = new HashSet<>();
    for (List<Ranking.Candidate> list : List.of(byWords, byMeaning)) {
      for (Ranking.Candidate c : list) {
        if (c.page() >= 0) {
          pages.add(new BytesRef(Long.toString(c.page())));
        }
      }
    }
    if (pages.isEmpty()) {
      return List.of();
    }
    Query openingsOfPages =
        new BooleanQuery.Builder()
            .add(new TermQuery(LuceneDocuments.OPENING), BooleanClause.Occur.FILTER)
            .add(new TermInSetQuery(LuceneDocuments.DOCUMENT, pages), BooleanClause.Occur.FILTER)
            .build();
    Query knn =
        new KnnFloatVectorQuery(
            LuceneDocuments.VECTOR, LuceneDocuments.unit(vector), pages.size(), openingsOfPages);
    return candidates(searcher.search(knn, pages.size()));
  }

  /** The hits with their pages (an index written before pages were recorded: one per chunk). */
  private List<Ranking.Candidate> candidates(TopDocs top) throws IOException {
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    List<Ranking.Candidate> out = new ArrayList<>(top.scoreDocs.length);
    for (ScoreDoc sd : top.scoreDocs) {
      LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
      NumericDocValues pages = leaf.reader().getNumericDocValues(LuceneDocuments.PAGE);
      long page =
          pages != null && pages.advanceExact(sd.doc - leaf.docBase)
              ? pages.longValue()
              : -1L - sd.doc;
      out.add(new Ranking.Candidate(sd.doc, page, sd.score));
    }
    return out;
  }

  List<SearchIndex.CodeHit> searchCode(String text, String language, Set<UUID> sources, int limit)
      throws IOException {
    SimpleQueryParser parser =
        new SimpleQueryParser(
            QuestionWords.analyzerFor(text),
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

  /** Loads each hit's stored fields once and highlights the text already loaded. */
  private List<SearchIndex.Hit> hits(List<Ranking.Ranked> ranked, Query keyword)
      throws IOException {
    List<SearchIndex.Hit> out = new ArrayList<>(ranked.size());
    if (ranked.isEmpty()) {
      return out;
    }
    // one query, this thread only; a highlighter keeps the passage count it was first used with
    QueryHighlighter highlighter = new QueryHighlighter(analyzer);
    QueryHighlighter folded = new QueryHighlighter(analyzer);
    Query words = KeywordQuery.textTerms(keyword);
    StoredFields stored = searcher.storedFields();
    for (Ranking.Ranked r : ranked) {
      Document d = stored.document(r.best());
      List<SearchIndex.Passage> passages = new ArrayList<>(r.others().size());
      for (int other : r.others()) {
        Document o = stored.document(other);
        passages.add(LuceneDocuments.passage(o, snippet(folded, words, o, 1)));
      }
      out.add(LuceneDocuments.hit(d, snippet(highlighter, words, d, 2), r.score(), passages));
    }
    return out;
  }

  private static String snippet(
      QueryHighlighter highlighter, Query keyword, Document d, int passages) throws IOException {
    String text = d.get(LuceneDocuments.TEXT);
    Object highlighted =
        highlighter.highlightWithoutSearcher(LuceneDocuments.TEXT, keyword, text, passages);
    String snippet = highlighted == null ? null : highlighted.toString();
    if (snippet == null || snippet.isBlank()) {
      snippet = text.length() > SNIPPET_FALLBACK ? text.substring(0, SNIPPET_FALLBACK) + "…" : text;
    }
    return snippet;
  }
}
