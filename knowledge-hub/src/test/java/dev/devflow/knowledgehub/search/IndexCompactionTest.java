package dev.devflow.knowledgehub.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * A crawl into an index people are searching leaves a segment per batch it made searchable; every
 * search visits each of them, so a job's commit merges them down in the background, and nothing
 * indexed is lost on the way. Into an index nobody searches, a crawl leaves one segment.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
class IndexCompactionTest {

  private static final String TENANT = "compaction";

  @Inject LuceneSearchIndex index;

  @Test
  void aJobsCommitMergesTheSegmentsItsBatchesLeft() throws Exception {
    UUID source = UUID.randomUUID();
    search(TENANT); // search-active: each batch is made searchable within a second
    for (int i = 1; i <= 6; i++) {
      index.replaceDocuments(TENANT, List.of(document(i, source)));
      int batch = i;
      awaitSegments(n -> n >= batch); // each batch becomes searchable on its own, a segment each
    }
    assertThat(index.segments(TENANT)).isEqualTo(6);

    index.commit(TENANT);

    assertThat(awaitSegments(n -> n <= LuceneSearchIndex.MAX_SEGMENTS))
        .isLessThanOrEqualTo(LuceneSearchIndex.MAX_SEGMENTS);
    List<SearchIndex.Hit> hits =
        index.search(
            TENANT,
            new SearchIndex.Query("lighthouse", null, SearchIndex.Mode.KEYWORD, null, 50, false));
    assertThat(hits)
        .extracting(SearchIndex.Hit::chunkId)
        .containsExactlyInAnyOrder(101L, 102L, 103L, 104L, 105L, 106L);
  }

  @Test
  void batchesNoJobCommitsAreMergedOnceTheyStop() throws Exception {
    String tenant = "quiet";
    UUID source = UUID.randomUUID();
    search(tenant);
    for (int i = 1; i <= 4; i++) {
      index.replaceDocuments(tenant, List.of(document(i, source))); // as the follower writes
      int batch = i;
      awaitSegments(tenant, n -> n >= batch, 20);
    }
    assertThat(index.segments(tenant)).isEqualTo(4);

    assertThat(awaitSegments(tenant, n -> n <= LuceneSearchIndex.MAX_SEGMENTS, 40))
        .isLessThanOrEqualTo(LuceneSearchIndex.MAX_SEGMENTS);
    assertThat(
            index.search(
                tenant,
                new SearchIndex.Query(
                    "lighthouse", null, SearchIndex.Mode.KEYWORD, null, 50, false)))
        .hasSize(4);
  }

  @Test
  void batchesIntoAnIndexNobodySearchesWaitForTheNextSearchInOneSegment() throws Exception {
    String tenant = "idle";
    UUID source = UUID.randomUUID();
    for (int i = 1; i <= 3; i++) {
      index.replaceDocuments(tenant, List.of(document(i, source)));
      Thread.sleep(LuceneSearchIndex.REFRESH_DELAY_MS + 300); // a reopen would have been due
    }
    assertThat(index.segments(tenant)).isZero(); // nothing flushed, no segment to merge later

    assertThat(search(tenant)).hasSize(3); // the search waits for the batches, not a second more
    assertThat(index.segments(tenant)).isEqualTo(1);
  }

  private List<SearchIndex.Hit> search(String tenant) {
    return index.search(
        tenant,
        new SearchIndex.Query("lighthouse", null, SearchIndex.Mode.KEYWORD, null, 50, false));
  }

  private int awaitSegments(IntPredicate done) throws InterruptedException {
    return awaitSegments(TENANT, done, 20);
  }

  private int awaitSegments(String tenant, IntPredicate done, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    int n = index.segments(tenant);
    while (!done.test(n) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      n = index.segments(tenant);
    }
    return n;
  }

  private static SearchIndex.IndexedDocument document(int i, UUID source) {
    float[] vector = new float[384];
    vector[i] = 1;
    return new SearchIndex.IndexedDocument(
        i,
        List.of(
            new SearchIndex.IndexedChunk(
                100 + i,
                i,
                source,
                "https://docs.example/page-" + i,
                "Page " + i,
                "Page " + i,
                "The lighthouse keeper's log, entry " + i + ".",
                vector,
                0)),
        List.of());
  }
}
