package dev.devflow.knowledgehub.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.knowledgehub.config.KnowledgeHubConfig;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;

/**
 * A rebuild of a large index takes a minute or more: crawls, deletions and other replicas' writes
 * go on meanwhile instead of waiting for it, and none of them is undone by the rebuild's older copy
 * of the same documents.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
class RebuildWhileWritingTest {

  private static final String TENANT = "rebuilding";

  @Inject LuceneSearchIndex index;
  @Inject KnowledgeHubConfig config;

  @Test
  void writesDuringARebuildGoThroughAndSurviveIt() throws Exception {
    UUID kept = UUID.randomUUID();
    UUID dropped = UUID.randomUUID();
    index.replaceDocuments(
        TENANT,
        List.of(
            document(1, kept, "anchor chain stored in the old locker"),
            document(2, kept, "mooring lines coiled on deck"),
            document(3, kept, "bilge pump checked weekly"),
            document(4, dropped, "galley stove lit at dawn")));
    index.commit(TENANT);

    CountDownLatch fedFirst = new CountDownLatch(1);
    CountDownLatch goOn = new CountDownLatch(1);
    CompletableFuture<Void> rebuild =
        CompletableFuture.runAsync(
            () ->
                index.rebuild(
                    TENANT,
                    feed -> {
                      feed.accept(List.of(document(2, kept, "mooring lines coiled on deck")));
                      fedFirst.countDown();
                      await(goOn);
                      // read from PostgreSQL before the writes below: older than they are
                      feed.accept(
                          List.of(
                              document(1, kept, "anchor chain stored in the old locker"),
                              document(3, kept, "bilge pump checked weekly"),
                              document(4, dropped, "galley stove lit at dawn")));
                    }));
    assertThat(fedFirst.await(30, TimeUnit.SECONDS)).isTrue();

    // none of these waits for the rebuild
    CompletableFuture.runAsync(
            () -> {
              index.replaceDocuments(
                  TENANT, List.of(document(1, kept, "anchor chain moved to the new locker")));
              index.deleteDocuments(TENANT, List.of(3L));
              index.deleteSource(TENANT, dropped);
              index.replaceDocuments(TENANT, List.of(document(5, kept, "sail repaired at noon")));
            })
        .get(10, TimeUnit.SECONDS);
    assertThat(rebuild).isNotDone();
    assertThat(texts("locker")).containsExactly("anchor chain moved to the new locker");

    goOn.countDown();
    rebuild.get(60, TimeUnit.SECONDS);

    assertThat(texts("locker")).containsExactly("anchor chain moved to the new locker");
    assertThat(texts("bilge")).isEmpty();
    assertThat(texts("galley")).isEmpty();
    assertThat(texts("sail")).containsExactly("sail repaired at noon");
    assertThat(texts("mooring")).containsExactly("mooring lines coiled on deck");
    assertThat(index.stats(TENANT).chunks()).isEqualTo(3);
  }

  @Test
  void generationsACrashLeftBehindAreDeletedWhenTheIndexOpens() throws Exception {
    Path tenantDir = Path.of(config.dataDir()).resolve("index").resolve("leftovers");
    Path replaced = Files.createDirectories(tenantDir.resolve("gen-1")); // complete, replaced
    Files.createFile(replaced.resolve(TenantIndex.READY));
    Path current = tenantDir.resolve("gen-2");
    try (IndexWriter w =
        new IndexWriter(
            FSDirectory.open(Files.createDirectories(current)),
            new IndexWriterConfig(new EnglishAnalyzer()))) {
      for (var doc : LuceneDocuments.of(document(1, UUID.randomUUID(), "kept"), null, false)) {
        w.addDocument(doc);
      }
      w.commit();
    }
    Files.createFile(current.resolve(TenantIndex.READY));
    Path unfinished = Files.createDirectories(tenantDir.resolve("gen-3")); // rebuild cut short

    assertThat(index.stats("leftovers").chunks()).isEqualTo(1);
    assertThat(current).exists();
    assertThat(replaced).doesNotExist();
    assertThat(unfinished).doesNotExist();
  }

  private List<String> texts(String word) {
    return index
        .search(
            TENANT, new SearchIndex.Query(word, null, SearchIndex.Mode.KEYWORD, null, 10, false))
        .stream()
        .map(SearchIndex.Hit::text)
        .toList();
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static SearchIndex.IndexedDocument document(int i, UUID source, String text) {
    float[] v = new float[384];
    v[i] = 1;
    return new SearchIndex.IndexedDocument(
        i,
        List.of(
            new SearchIndex.IndexedChunk(
                100 + i, i, source, "https://docs.example/" + i, "Log " + i, "", text, v, 0)),
        List.of());
  }
}
