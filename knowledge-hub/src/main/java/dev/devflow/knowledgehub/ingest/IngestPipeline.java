package dev.devflow.knowledgehub.ingest;

import dev.devflow.knowledgehub.embed.ChunkText;
import dev.devflow.knowledgehub.embed.Embeddings;
import dev.devflow.knowledgehub.search.SearchIndex;
import dev.devflow.knowledgehub.usage.TenantStorage;
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
  private final TenantStorage storage;

  public IngestPipeline(
      Embeddings embeddings, DocumentStore store, SearchIndex index, TenantStorage storage) {
    this.embeddings = embeddings;
    this.store = store;
    this.index = index;
    this.storage = storage;
  }

  /** Embeds, stores and indexes the pages; returns the number of chunks embedded. */
  public int ingest(String tenant, UUID jobId, List<ChunkedPage> pages) {
    return store(tenant, jobId, embed(tenant, pages));
  }

  /**
   * Stores embedded pages with their frontier entries and indexes them; returns their chunk count.
   * Split from {@link #embed} so a crawl can store one batch while the model embeds the next.
   */
  public int store(String tenant, UUID jobId, List<EmbeddedPage> embedded) {
    index.replaceDocuments(tenant, store.store(tenant, jobId, embedded));
    return embedded.stream().mapToInt(p -> p.chunks().size()).sum();
  }

  /**
   * Embeds the pages' chunks in one call to the model (touches neither database nor index), its
   * cost spent from the tenant's LLM calls first: refused whole, nothing embedded, when the plan
   * has too few left; and refused before that when storing them would take the tenant past its
   * plan's storage.
   */
  public List<EmbeddedPage> embed(String tenant, List<ChunkedPage> pages) {
    List<String> texts = new ArrayList<>();
    long bytes = 0;
    for (ChunkedPage p : pages) {
      for (Chunker.Draft d : p.chunks()) {
        texts.add(ChunkText.of(p.parsed().title(), d.headingPath(), d.text()));
        bytes += storedBytes(d.text().length(), embeddings.dimension());
      }
    }
    if (!texts.isEmpty()) {
      storage.requireRoom(tenant, bytes, pages.size() == 1 ? "this page" : "these pages");
    }
    List<float[]> vectors = embeddings.embed(tenant, texts, true);
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

  /**
   * Roughly what a chunk adds once stored: its text in the chunk and in its document (UTF-8, mostly
   * one byte a character), its vector in PostgreSQL and in the index.
   */
  static long storedBytes(int chars, int dimension) {
    return 2L * chars + 8L * dimension;
  }
}
