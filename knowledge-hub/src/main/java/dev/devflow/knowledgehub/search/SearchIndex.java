package dev.devflow.knowledgehub.search;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Port: one full-text and vector index per tenant. Everything in it can be rebuilt from PostgreSQL,
 * so it is never the only copy of anything.
 */
public interface SearchIndex {

  /** A chunk as indexed; {@code ordinal} is its place in its page (0: the page's opening). */
  record IndexedChunk(
      long chunkId,
      long documentId,
      UUID sourceId,
      String url,
      String title,
      String headingPath,
      String text,
      float[] vector,
      int ordinal) {

    /** The same chunk with another vector (after a change of model). */
    public IndexedChunk withVector(float[] other) {
      return new IndexedChunk(
          chunkId, documentId, sourceId, url, title, headingPath, text, other, ordinal);
    }
  }

  /** A code example as indexed. */
  record IndexedCode(
      long id,
      long documentId,
      UUID sourceId,
      String url,
      String title,
      String language,
      String code,
      String context) {}

  /** A document's full index content: replacing a document replaces all of it. */
  record IndexedDocument(long documentId, List<IndexedChunk> chunks, List<IndexedCode> code) {}

  /** Search modes. */
  enum Mode {
    HYBRID,
    SEMANTIC,
    KEYWORD
  }

  /**
   * A chunk query.
   *
   * @param sourceIds restrict to these sources; null means all of the tenant's
   * @param byPage one hit per page (its best passage, its other matching passages folded in), or
   *     every matching chunk
   */
  record Query(
      String text, float[] vector, Mode mode, Set<UUID> sourceIds, int limit, boolean byPage) {}

  /**
   * A chunk found.
   *
   * @param passages other passages of the same page that match (results by page only)
   */
  record Hit(
      long chunkId,
      UUID sourceId,
      String url,
      String title,
      String headingPath,
      String text,
      String snippet,
      double score,
      List<Passage> passages) {}

  /** Another matching passage of a hit's page. */
  record Passage(long chunkId, String url, String headingPath, String snippet) {}

  /** A code example found. */
  record CodeHit(
      long id,
      UUID sourceId,
      String url,
      String title,
      String language,
      String code,
      String context,
      double score) {}

  /** Bytes the tenant's index takes on disk (every generation kept), for storage metering. */
  long sizeBytes(String tenant);

  /**
   * What the index holds. {@code currentFormat} is false for an index written in an older layout
   * that still works but should be rebuilt (such as vectors compared by cosine, now dot product).
   */
  record Stats(
      boolean exists,
      long chunks,
      long codeExamples,
      String model,
      int dimension,
      boolean currentFormat) {}

  /**
   * The embedding model whose vectors the tenant's index holds: only a query vector from that model
   * can search them (after a model change, until the rebuild replaces the index).
   */
  String vectorModel(String tenant);

  /** Replaces everything indexed for each document (chunks and code examples). */
  void replaceDocuments(String tenant, List<IndexedDocument> documents);

  void deleteDocuments(String tenant, Collection<Long> documentIds);

  void deleteSource(String tenant, UUID sourceId);

  List<Hit> search(String tenant, Query query);

  List<CodeHit> searchCode(
      String tenant, String text, String language, Set<UUID> sourceIds, int limit);

  Stats stats(String tenant);

  /** Makes what was written durable. */
  void commit(String tenant);

  /**
   * Builds a fresh index from the given documents while the current one keeps answering, then swaps
   * it in. Writes to the tenant's index wait until the swap.
   */
  void rebuild(
      String tenant,
      java.util.function.Consumer<java.util.function.Consumer<List<IndexedDocument>>> feed);
}
