package dev.devflow.knowledgehub.search;

import dev.devflow.knowledgehub.embed.Embeddings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * Chooses the {@link SearchIndex} at run time: Qdrant when {@code QDRANT_URL} is set (non-empty),
 * else the embedded Lucene index, as before. A run-time choice (not a build property) so one image
 * serves both.
 *
 * <p>Lucene-only parts stay harmless with Qdrant: {@link LuceneSearchIndex} (with its background
 * compaction and refresh threads) is a lazy bean that nothing creates unless it is chosen, and
 * {@link IndexSizeMetric} walks the data directory, which then holds no index and measures 0.
 */
@ApplicationScoped
public class SearchBackend {

  @Produces
  @ApplicationScoped
  SearchIndex searchIndex(
      QdrantConnection qdrant, LuceneSearchIndex lucene, Embeddings embeddings) {
    return qdrant
        .client()
        .<SearchIndex>map(
            client ->
                new QdrantSearchIndex(
                    client,
                    qdrant.config().collectionPrefix(),
                    embeddings,
                    qdrant.config().timeout()))
        .orElse(lucene);
  }
}
