package dev.devflow.knowledgehub.ingest;

import dev.devflow.knowledgehub.embed.Embeddings;
import dev.devflow.knowledgehub.search.SearchIndex;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Embeds chunked pages in one batch, stores them in PostgreSQL (the system of record) and then
 * updates the tenant's search index. Embedding text carries the title and heading path so a chunk
 * is found by the section it sits in.
 */
@ApplicationScoped
public class IngestPipeline {

  /** A chunked page waiting for its embeddings. */
  public record ChunkedPage(
      UUID sourceId,
      String frontierUrl,
      String url,
      ParsedDocument parsed,
      String contentHash,
      List<Chunker.Draft> chunks) {}

  private final Embeddings embeddings;
  private final DocumentStore store;
  private final SearchIndex index;

  public IngestPipeline(Embeddings embeddings, DocumentStore store, SearchIndex index) {
    this.embeddings = embeddings;
    this.store = store;
    this.index = index;
  }

  /** Embeds, stores and indexes the pages; returns the number of chunks embedded. */
  public int ingest(String tenant, UUID jobId, List<ChunkedPage> pages) {
    return store(tenant, jobId, embed(pages));
  }

  /**
   * Stores embedded pages with their frontier entries and indexes them; returns their chunk count.
   * Split from {@link #embed} so a crawl can store one batch while the model embeds the next.
   */
  public int store(String tenant, UUID jobId, List<EmbeddedPage> embedded) {
    index.replaceDocuments(tenant, store.store(tenant, jobId, embedded));
    return embedded.stream().mapToInt(p -> p.chunks().size()).sum();
  }

  /** Embeds the pages' chunks in one call to the model (touches neither database nor index). */
  public List<EmbeddedPage> embed(List<ChunkedPage> pages) {
    List<String> texts = new ArrayList<>();
    for (ChunkedPage p : pages) {
      for (Chunker.Draft d : p.chunks()) {
        texts.add(embeddingText(p.parsed().title(), d));
      }
    }
    List<float[]> vectors = embeddings.embed(texts);
    List<EmbeddedPage> embedded = new ArrayList<>(pages.size());
    int at = 0;
    for (ChunkedPage p : pages) {
      List<float[]> mine = vectors.subList(at, at + p.chunks().size());
      at += p.chunks().size();
      embedded.add(
          new EmbeddedPage(
              p.sourceId(),
              p.frontierUrl(),
              p.url(),
              p.parsed(),
              p.contentHash(),
              p.chunks(),
              mine));
    }
    return embedded;
  }

  /** What the model sees for a chunk: where it sits, then what it says. */
  public static String embeddingText(String title, Chunker.Draft d) {
    String where =
        d.headingPath().isEmpty() || d.headingPath().equals(title)
            ? title
            : title + " — " + d.headingPath();
    return where.isBlank() ? d.text() : where + "\n" + d.text();
  }
}
