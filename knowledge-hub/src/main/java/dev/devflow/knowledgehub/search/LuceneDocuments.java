package dev.devflow.knowledgehub.search;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;

/** Maps chunks and code examples to Lucene documents and back. */
final class LuceneDocuments {

  static final String KIND = "kind";
  static final String ID = "id";
  static final String DOCUMENT = "document_id";

  /** The chunk's page (document id) as a doc value: results by page group on it. */
  static final String PAGE = "page";

  /**
   * Marks a page's opening chunk (its title, what the page is for, how it begins), which hybrid
   * search also compares with the question ({@link Ranking}).
   */
  static final String LEAD = "lead";

  /** The term every opening chunk carries in {@link #LEAD}. */
  static final Term OPENING = new Term(LEAD, "1");

  /**
   * The text's words near each other, two by two ({@link NearPairs}): frequencies, no positions.
   */
  static final String PAIRS = "pairs";

  private static final FieldType PAIRS_TYPE = pairsType();

  static final String SOURCE = "source_id";
  static final String URL = "url";
  static final String TITLE = "title";
  static final String HEADING = "heading";
  static final String TEXT = "text";
  static final String VECTOR = "vector";
  static final String LANGUAGE = "language";
  static final String CODE = "code";
  static final String CONTEXT = "context";
  static final String CHUNK_KIND = "chunk";
  static final String CODE_KIND = "code";

  /**
   * How new indexes compare vectors. Every vector indexed or searched is unit length (see {@link
   * #unit}), where the dot product ranks and scores exactly as the cosine does, with a third of the
   * arithmetic: building the k-NN graph while a crawl indexes, and walking it per search, is mostly
   * these comparisons. Indexes written before keep the cosine until they are rebuilt.
   */
  static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;

  private LuceneDocuments() {}

  /**
   * The document's chunks and code examples; the chunks without their vectors when {@code vectors}
   * is false (an index still holding another model's vectors, which the new ones cannot join).
   */
  static List<Document> of(
      SearchIndex.IndexedDocument d, VectorSimilarityFunction similarity, boolean vectors) {
    List<Document> out = new ArrayList<>(d.chunks().size() + d.code().size());
    for (SearchIndex.IndexedChunk c : d.chunks()) {
      out.add(chunk(c, vectors ? similarity : null));
    }
    for (SearchIndex.IndexedCode c : d.code()) {
      out.add(code(c));
    }
    return out;
  }

  private static Document chunk(SearchIndex.IndexedChunk c, VectorSimilarityFunction similarity) {
    Document doc =
        common(CHUNK_KIND, c.chunkId(), c.documentId(), c.sourceId(), c.url(), c.title());
    doc.add(new NumericDocValuesField(PAGE, c.documentId()));
    doc.add(new TextField(HEADING, c.headingPath(), Field.Store.YES));
    doc.add(new TextField(TEXT, c.text(), Field.Store.YES));
    doc.add(new Field(PAIRS, c.text(), PAIRS_TYPE));
    if (similarity != null) {
      doc.add(new KnnFloatVectorField(VECTOR, unit(c.vector()), similarity));
    }
    if (c.ordinal() == 0) {
      doc.add(new StringField(OPENING.field(), OPENING.bytes(), Field.Store.NO));
    }
    return doc;
  }

  private static FieldType pairsType() {
    FieldType t = new FieldType();
    t.setTokenized(true);
    t.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
    t.freeze();
    return t;
  }

  /**
   * The vector scaled to unit length (the embedders return it so; a vector from elsewhere, such as
   * another tool writing the table, may not be), for the dot product to equal the cosine.
   */
  static float[] unit(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += x * x;
    }
    if (sum == 0 || Math.abs(sum - 1) < 1e-4) {
      return v;
    }
    float scale = (float) (1 / Math.sqrt(sum));
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * scale;
    }
    return out;
  }

  private static Document code(SearchIndex.IndexedCode c) {
    Document doc = common(CODE_KIND, c.id(), c.documentId(), c.sourceId(), c.url(), c.title());
    doc.add(new StringField(LANGUAGE, c.language(), Field.Store.YES));
    doc.add(new TextField(CODE, c.code(), Field.Store.YES));
    doc.add(new TextField(CONTEXT, c.context(), Field.Store.YES));
    return doc;
  }

  private static Document common(
      String kind, long id, long documentId, UUID source, String url, String title) {
    Document doc = new Document();
    doc.add(new StringField(KIND, kind, Field.Store.NO));
    doc.add(new StringField(ID, Long.toString(id), Field.Store.YES));
    doc.add(new StringField(DOCUMENT, Long.toString(documentId), Field.Store.NO));
    doc.add(new StringField(SOURCE, source.toString(), Field.Store.YES));
    doc.add(new StoredField(URL, url));
    doc.add(new TextField(TITLE, title, Field.Store.YES));
    return doc;
  }

  static SearchIndex.Hit hit(
      Document d, String snippet, double score, List<SearchIndex.Passage> passages) {
    return new SearchIndex.Hit(
        Long.parseLong(d.get(ID)),
        UUID.fromString(d.get(SOURCE)),
        d.get(URL),
        d.get(TITLE),
        d.get(HEADING),
        d.get(TEXT),
        snippet,
        score,
        passages);
  }

  static SearchIndex.Passage passage(Document d, String snippet) {
    return new SearchIndex.Passage(Long.parseLong(d.get(ID)), d.get(URL), d.get(HEADING), snippet);
  }

  static SearchIndex.CodeHit codeHit(Document d, double score) {
    return new SearchIndex.CodeHit(
        Long.parseLong(d.get(ID)),
        UUID.fromString(d.get(SOURCE)),
        d.get(URL),
        d.get(TITLE),
        d.get(LANGUAGE),
        d.get(CODE),
        d.get(CONTEXT),
        score);
  }
}
