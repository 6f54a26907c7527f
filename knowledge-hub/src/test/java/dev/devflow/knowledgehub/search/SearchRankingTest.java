package dev.devflow.knowledgehub.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What keyword and hybrid search rank first, on small pages written to show one thing each: code
 * identifiers found by their parts, words found by their stems, neighbouring words preferred
 * together, titles over passing mentions, and one result per page unless chunks are asked for.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
class SearchRankingTest {

  private static final String TENANT = "ranking";
  private static final UUID SOURCE = UUID.randomUUID();

  @Inject LuceneSearchIndex index;

  @BeforeEach
  void pages() {
    index.replaceDocuments(
        TENANT,
        List.of(
            page(1, "functools", "The decorator functools.lru_cache memoizes a function."),
            page(2, "Caching", "A cache keeps results. Least recently used entries go first."),
            page(3, "concurrent.futures", "ThreadPoolExecutor runs calls on worker threads."),
            page(4, "Servers", "A pool of connections is kept by the server; threads vary."),
            page(5, "Changing definitions", "Use ALTER TABLE to change a definition."),
            page(
                6, "Owning things", "Alter roles, alter users, alter anything you own; any table."),
            page(7, "pg_stat_activity", "One row per server process with its current activity."),
            page(8, "Statistics", "Statistics about activity are collected by the server."),
            page(
                9,
                "Vacuuming",
                "Vacuuming reclaims storage.",
                "VACUUM removes dead tuples.",
                "Autovacuum vacuums tables automatically.",
                "VACUUM FULL rewrites the table.")));
    index.commit(TENANT);
  }

  @Test
  void anIdentifierIsFoundByItsParts() {
    assertThat(keyword("lru_cache")).first().isEqualTo(1L);
    assertThat(keyword("thread pool executor")).first().isEqualTo(3L);
    assertThat(keyword("stat activity view")).first().isEqualTo(7L);
  }

  @Test
  void anIdentifierAskedForWholeFindsItself() {
    assertThat(keyword("functools.lru_cache")).first().isEqualTo(1L);
    assertThat(keyword("pg_stat_activity")).first().isEqualTo(7L);
  }

  @Test
  void neighbouringWordsScoreMoreTogether() {
    assertThat(keyword("how do I alter a table")).first().isEqualTo(5L);
  }

  @Test
  void stemsMatch() {
    assertThat(keyword("memoizing functions")).first().isEqualTo(1L);
  }

  @Test
  void aPageIsOneResultWithItsOtherPassagesFoldedIn() {
    List<SearchIndex.Hit> pages = search("vacuum", SearchIndex.Mode.KEYWORD, true);
    assertThat(pages).extracting(h -> h.chunkId() / 10).containsOnlyOnce(9L);
    SearchIndex.Hit vacuum = pages.get(0);
    assertThat(vacuum.chunkId() / 10).isEqualTo(9L);
    assertThat(vacuum.passages()).hasSize(3);
    assertThat(vacuum.passages())
        .extracting(SearchIndex.Passage::chunkId)
        .doesNotContain(vacuum.chunkId())
        .allMatch(id -> id / 10 == 9);

    List<SearchIndex.Hit> chunks = search("vacuum", SearchIndex.Mode.KEYWORD, false);
    assertThat(chunks).filteredOn(h -> h.chunkId() / 10 == 9).hasSize(4);
    assertThat(chunks).allMatch(h -> h.passages().isEmpty());
  }

  @Test
  void hybridResultsArePagesToo() {
    List<SearchIndex.Hit> pages = search("vacuum", SearchIndex.Mode.HYBRID, true);
    assertThat(pages).extracting(SearchIndex.Hit::url).doesNotHaveDuplicates();
    assertThat(pages.get(0).url()).isEqualTo("https://docs.example/9");
  }

  /**
   * A page whose opening says what the question asks for comes before a page with one passage a
   * little closer to it: the tool's reference page before the chapter that mentions the tool.
   */
  @Test
  void aPageWhoseOpeningAnswersComesFirstInHybridSearch() {
    String tenant = "openings";
    index.replaceDocuments(
        tenant,
        List.of(
            new SearchIndex.IndexedDocument(
                20,
                List.of(
                    chunk(
                        200,
                        20,
                        "SET CONSTRAINTS",
                        "Sets when constraints are checked.",
                        0.90,
                        1,
                        0),
                    chunk(
                        201, 20, "SET CONSTRAINTS", "Names may be schema-qualified.", 0.30, 2, 1)),
                List.of()),
            new SearchIndex.IndexedDocument(
                21,
                List.of(
                    chunk(210, 21, "Populating a database", "Loading data in bulk.", 0.10, 3, 0),
                    chunk(211, 21, "Populating a database", "Dropping keys first.", 0.92, 4, 1)),
                List.of()),
            new SearchIndex.IndexedDocument(
                22,
                List.of(chunk(220, 22, "Release notes", "Many changes.", 0.10, 5, 0)),
                List.of())));
    index.commit(tenant);
    float[] question = new float[384];
    question[0] = 1;

    List<String> semantic = pagesOf(tenant, question, SearchIndex.Mode.SEMANTIC);
    List<String> hybrid = pagesOf(tenant, question, SearchIndex.Mode.HYBRID);

    assertThat(semantic).startsWith("https://docs.example/21", "https://docs.example/20");
    assertThat(hybrid).startsWith("https://docs.example/20", "https://docs.example/21");
  }

  private List<String> pagesOf(String tenant, float[] question, SearchIndex.Mode mode) {
    return index
        .search(
            tenant, new SearchIndex.Query("postpone until commit", question, mode, null, 10, true))
        .stream()
        .map(SearchIndex.Hit::url)
        .toList();
  }

  /** A chunk whose vector is at the given cosine to the question's (axis 0), off along an axis. */
  private static SearchIndex.IndexedChunk chunk(
      long id, long page, String title, String text, double cosine, int axis, int ordinal) {
    float[] vector = new float[384];
    vector[0] = (float) cosine;
    vector[axis] = (float) Math.sqrt(1 - cosine * cosine);
    return new SearchIndex.IndexedChunk(
        id, page, SOURCE, "https://docs.example/" + page, title, title, text, vector, ordinal);
  }

  private List<Long> keyword(String text) {
    return search(text, SearchIndex.Mode.KEYWORD, true).stream()
        .map(h -> h.chunkId() / 10)
        .toList();
  }

  private List<SearchIndex.Hit> search(String text, SearchIndex.Mode mode, boolean byPage) {
    float[] vector = new float[384];
    vector[0] = 1;
    return index.search(
        TENANT,
        new SearchIndex.Query(
            text, mode == SearchIndex.Mode.KEYWORD ? null : vector, mode, null, 10, byPage));
  }

  /** Page i, its chunks numbered 10i, 10i+1, ... */
  private static SearchIndex.IndexedDocument page(int i, String title, String... texts) {
    List<SearchIndex.IndexedChunk> chunks = new ArrayList<>();
    for (int c = 0; c < texts.length; c++) {
      float[] vector = new float[384];
      vector[(i * 7 + c) % 384] = 1;
      chunks.add(
          new SearchIndex.IndexedChunk(
              10L * i + c,
              i,
              SOURCE,
              "https://docs.example/" + i,
              title,
              c == 0 ? title : title + " — part " + c,
              texts[c],
              vector,
              c));
    }
    return new SearchIndex.IndexedDocument(i, chunks, List.of());
  }
}
