package dev.devflow.knowledgehub.search;

import dev.devflow.knowledgehub.search.SearchIndex.IndexedDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A rebuild in progress: the new generation it fills from PostgreSQL, and what writes made to the
 * current generation since it began have touched. Those writes are made here too, and the feed
 * leaves out what they touched: its copy was read earlier and may be older.
 */
final class GenerationRebuild {

  /** What a write changes: some documents, or all of a source's. */
  record Touched(Collection<Long> documents, UUID source) {
    static Touched documents(Collection<Long> ids) {
      return new Touched(ids, null);
    }

    static Touched source(UUID source) {
      return new Touched(List.of(), source);
    }
  }

  final TenantIndex fresh;
  private final Set<Long> touched = new HashSet<>();
  private final Set<UUID> droppedSources = new HashSet<>();

  GenerationRebuild(TenantIndex fresh) {
    this.fresh = fresh;
  }

  /** A write made to the current generation, made here too. */
  synchronized void write(LuceneSearchIndex.IndexWork work, Touched what) throws IOException {
    work.run(fresh);
    touched.addAll(what.documents());
    if (what.source() != null) {
      droppedSources.add(what.source());
    }
  }

  /** Documents as PostgreSQL held them when read: each unless a write has touched it since. */
  synchronized void feed(List<IndexedDocument> batch) {
    try {
      for (IndexedDocument d : batch) {
        if (!touched.contains(d.documentId()) && !droppedSources.contains(source(d))) {
          fresh.writer.addDocuments(LuceneDocuments.of(d, fresh.similarity, true));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static UUID source(IndexedDocument d) {
    if (!d.chunks().isEmpty()) {
      return d.chunks().get(0).sourceId();
    }
    return d.code().isEmpty() ? null : d.code().get(0).sourceId();
  }
}
