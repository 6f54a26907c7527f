package dev.devflow.knowledgehub.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keyword search on a question scores what it asks about, not the words that make it a question; a
 * short query keeps every word it has.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
class KeywordQuestionTest {

  private static final String TENANT = "questions";

  @Inject LuceneSearchIndex index;

  @BeforeEach
  void pages() {
    UUID source = UUID.randomUUID();
    index.replaceDocuments(
        TENANT,
        List.of(
            page(1, source, "When Can Parallel Query Be Used?", "Parallel query is used when..."),
            page(
                2,
                source,
                "Index Types",
                "Several kinds of indexes are available: B-tree, hash, GiST and GIN."),
            page(3, source, "Conditional Expressions", "CASE WHEN condition THEN result END"),
            page(4, source, "Case Sensitivity", "Identifiers fold to lower case.")));
  }

  @Test
  void aQuestionFindsWhatItAsksAboutNotATitleOfQuestionWords() {
    assertThat(keyword("Which kinds of indexes are available and when should each be used?"))
        .first()
        .isEqualTo(102L);
  }

  @Test
  void aShortQueryKeepsItsWords() {
    assertThat(keyword("when")).containsExactlyInAnyOrder(101L, 103L);
  }

  private List<Long> keyword(String text) {
    return index
        .search(
            TENANT, new SearchIndex.Query(text, null, SearchIndex.Mode.KEYWORD, null, 10, false))
        .stream()
        .map(SearchIndex.Hit::chunkId)
        .toList();
  }

  private static SearchIndex.IndexedDocument page(int i, UUID source, String title, String text) {
    float[] vector = new float[384];
    vector[i] = 1;
    return new SearchIndex.IndexedDocument(
        i,
        List.of(
            new SearchIndex.IndexedChunk(
                100 + i, i, source, "https://docs.example/" + i, title, title, text, vector, 0)),
        List.of());
  }
}
