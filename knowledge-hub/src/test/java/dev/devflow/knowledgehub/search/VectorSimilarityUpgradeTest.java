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
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;

/**
 * Vectors are now compared by dot product (the same ranking and scores as the cosine on unit
 * vectors, with less arithmetic). An index written with the cosine keeps working, writes included,
 * reports itself as due for a rebuild, and a rebuild moves it to the dot product with the same
 * answers.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
class VectorSimilarityUpgradeTest {

  private static final String TENANT = "legacy";

  @Inject LuceneSearchIndex index;
  @Inject KnowledgeHubConfig config;

  @Test
  void aCosineIndexStillAnswersTakesWritesAndIsRebuiltToTheDotProduct() throws Exception {
    UUID source = UUID.randomUUID();
    writeCosineIndex(source);
    assertThat(index.stats(TENANT).currentFormat()).isFalse(); // the startup check rebuilds it
    assertThat(index.stats(TENANT).chunks()).isEqualTo(3);

    index.replaceDocuments(TENANT, List.of(document(4, source, vector(4))));
    List<SearchIndex.Hit> before = semantic();
    assertThat(before).hasSize(4);

    index.rebuild(
        TENANT,
        feed ->
            feed.accept(
                List.of(
                    document(1, source, vector(1)),
                    document(2, source, vector(2)),
                    document(3, source, vector(3)),
                    document(4, source, vector(4)))));

    assertThat(index.stats(TENANT).currentFormat()).isTrue();
    List<SearchIndex.Hit> after = semantic();
    assertThat(after).extracting(SearchIndex.Hit::chunkId).containsExactlyElementsOf(ids(before));
    for (int i = 0; i < after.size(); i++) {
      assertThat(after.get(i).score())
          .isCloseTo(before.get(i).score(), org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void aVectorNotOfUnitLengthIsScaledSoTheDotProductStaysTheCosine() {
    float[] v = {3, 4};
    assertThat(LuceneDocuments.unit(v)).containsExactly(0.6f, 0.8f);
    float[] unit = {0.6f, 0.8f};
    assertThat(LuceneDocuments.unit(unit)).isSameAs(unit);
  }

  private List<SearchIndex.Hit> semantic() {
    return index.search(
        TENANT,
        new SearchIndex.Query("tide", vector(2), SearchIndex.Mode.SEMANTIC, null, 10, false));
  }

  private static List<Long> ids(List<SearchIndex.Hit> hits) {
    return hits.stream().map(SearchIndex.Hit::chunkId).toList();
  }

  /** An index as the previous release wrote it: cosine vectors, committed, marked ready. */
  private void writeCosineIndex(UUID source) throws Exception {
    Path dir = Path.of(config.dataDir()).resolve("index").resolve(TENANT).resolve("gen-1");
    Files.createDirectories(dir);
    try (IndexWriter w =
        new IndexWriter(FSDirectory.open(dir), new IndexWriterConfig(new EnglishAnalyzer()))) {
      for (int i = 1; i <= 3; i++) {
        for (var doc : LuceneDocuments.of(document(i, source, vector(i)), cosine(), true)) {
          w.addDocument(doc);
        }
      }
      w.commit();
    }
    Files.createFile(dir.resolve(TenantIndex.READY));
  }

  private static VectorSimilarityFunction cosine() {
    return VectorSimilarityFunction.COSINE;
  }

  /** Unit vectors at different angles from vector(2), so the ranking is clear. */
  private static float[] vector(int i) {
    float[] v = new float[384];
    v[0] = 1;
    v[1] = i * 0.5f;
    return LuceneDocuments.unit(v);
  }

  private static SearchIndex.IndexedDocument document(int i, UUID source, float[] vector) {
    return new SearchIndex.IndexedDocument(
        i,
        List.of(
            new SearchIndex.IndexedChunk(
                100 + i,
                i,
                source,
                "https://docs.example/tide-" + i,
                "Tide table " + i,
                "Tide table " + i,
                "High tide at harbour " + i + ".",
                vector,
                0)),
        List.of());
  }
}
