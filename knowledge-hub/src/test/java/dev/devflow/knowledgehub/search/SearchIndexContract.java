package dev.devflow.knowledgehub.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devflow.knowledgehub.embed.Embedder;
import dev.devflow.knowledgehub.search.SearchIndex.CodeHit;
import dev.devflow.knowledgehub.search.SearchIndex.Hit;
import dev.devflow.knowledgehub.search.SearchIndex.IndexedChunk;
import dev.devflow.knowledgehub.search.SearchIndex.IndexedCode;
import dev.devflow.knowledgehub.search.SearchIndex.IndexedDocument;
import dev.devflow.knowledgehub.search.SearchIndex.Mode;
import dev.devflow.knowledgehub.search.SearchIndex.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SearchIndex} adapter must do alike, run against each of them: Lucene in every
 * build ({@link LuceneSearchIndexContractTest}), Qdrant where one is reachable ({@link
 * QdrantSearchIndexContractTest}). Small pages with 8-dimensional vectors, one topic per axis, so
 * no embedding model is needed and the semantic answers are known.
 *
 * <p>It checks what the backends share: which pages each mode finds and ranks first where the
 * answer is unambiguous, results by page, filters, deletes, tenants, rebuilds and statistics. It
 * does not compare scores or the order among near ties: Lucene fuses hybrid lists by scaled scores,
 * Qdrant by reciprocal ranks.
 */
abstract class SearchIndexContract {

  static final String MODEL = "contract-test-8";
  static final int DIMENSION = 8;

  /** The embedding model every index of the suite is opened for. */
  static final Embedder EMBEDDER =
      new Embedder() {
        @Override
        public String model() {
          return MODEL;
        }

        @Override
        public int dimension() {
          return DIMENSION;
        }

        @Override
        public List<float[]> embed(List<String> texts) {
          throw new UnsupportedOperationException("the contract suite brings its own vectors");
        }
      };

  private static final AtomicInteger TENANTS = new AtomicInteger();

  static final UUID DOCS = UUID.randomUUID();
  static final UUID BLOG = UUID.randomUUID();

  /** The adapter under test. */
  abstract SearchIndex index();

  /** A tenant slug no other test (or earlier run against the same server) has used. */
  String newTenant() {
    return "contract_" + runId() + "_" + TENANTS.incrementAndGet();
  }

  /** Distinguishes runs that share a server; short, as tenant slugs are at most 40 characters. */
  abstract String runId();

  /** Skips the test (with the reason) when the backend is not there to test. */
  void requireBackend() {}

  String tenant;

  @BeforeEach
  void pages() {
    requireBackend();
    tenant = newTenant();
    index()
        .replaceDocuments(
            tenant,
            List.of(
                page(
                    1,
                    DOCS,
                    "Vacuuming",
                    0,
                    "VACUUM reclaims storage occupied by dead tuples.",
                    "Autovacuum vacuums tables automatically in the background.",
                    "VACUUM FULL rewrites the whole table and takes a lock.",
                    "Plain vacuum runs alongside reads and writes."),
                page(2, DOCS, "Connection pools", 1, "A pool keeps server connections open."),
                page(3, DOCS, "Indexes", 2, "A B-tree index speeds up lookups by key."),
                page(4, BLOG, "Release notes", 3, "The release adds logical replication slots.")));
    index()
        .replaceDocuments(
            tenant,
            List.of(
                new IndexedDocument(
                    5,
                    List.of(),
                    List.of(
                        code(51, 5, DOCS, "sql", "VACUUM FULL orders;", "Rewrite a bloated table"),
                        code(
                            52,
                            5,
                            DOCS,
                            "python",
                            "@functools.lru_cache\ndef fib(n): ...",
                            "Memoize a function with a least recently used cache")))));
    index().commit(tenant);
  }

  // ---------------------------------------------------------------- modes

  @Test
  void keywordSearchFindsPagesByTheirWords() {
    assertThat(pagesOf(search("pool connections", Mode.KEYWORD, null, true))).first().isEqualTo(2L);
    assertThat(pagesOf(search("lookups index", Mode.KEYWORD, null, true))).first().isEqualTo(3L);
    assertThat(pagesOf(search("vacuuming", Mode.KEYWORD, null, true))).containsExactly(1L);
  }

  @Test
  void keywordSearchFindsNothingForAbsentWords() {
    assertThat(search("kubernetes", Mode.KEYWORD, null, true)).isEmpty();
  }

  @Test
  void semanticSearchFindsPagesByTheirVectors() {
    assertThat(pagesOf(index().search(tenant, query("anything", axis(1), Mode.SEMANTIC, null))))
        .first()
        .isEqualTo(2L);
    assertThat(pagesOf(index().search(tenant, query("anything", axis(3), Mode.SEMANTIC, null))))
        .first()
        .isEqualTo(4L);
  }

  @Test
  void hybridSearchFindsWhatEitherModeFinds() {
    List<Long> pages =
        pagesOf(index().search(tenant, query("lookups", axis(3), Mode.HYBRID, null)));
    assertThat(pages).contains(3L, 4L);
    assertThat(pages.subList(0, 2)).containsExactlyInAnyOrder(3L, 4L);
  }

  @Test
  void hybridSearchWithoutAQueryVectorIsKeywordSearch() {
    assertThat(pagesOf(index().search(tenant, query("lookups", null, Mode.HYBRID, null))))
        .containsExactly(3L);
  }

  @Test
  void hitsCarryWhatWasIndexed() {
    Hit hit = search("pool", Mode.KEYWORD, null, true).get(0);
    assertThat(hit.chunkId()).isEqualTo(201L);
    assertThat(hit.sourceId()).isEqualTo(DOCS);
    assertThat(hit.url()).isEqualTo("https://docs.example/2");
    assertThat(hit.title()).isEqualTo("Connection pools");
    assertThat(hit.headingPath()).isEqualTo("Connection pools > Part 1");
    assertThat(hit.text()).isEqualTo("A pool keeps server connections open.");
    assertThat(hit.snippet()).isNotBlank();
    assertThat(hit.score()).isPositive();
  }

  // ---------------------------------------------------------------- by page

  @Test
  void byPageOnePageIsOneHitWithItsOtherPassagesFoldedIn() {
    List<Hit> pages = search("vacuum", Mode.KEYWORD, null, true);
    assertThat(pages).hasSize(1);
    Hit page = pages.get(0);
    assertThat(page.passages()).hasSizeBetween(1, Ranking.FOLDED_PASSAGES);
    assertThat(page.passages())
        .allSatisfy(
            p -> {
              assertThat(p.url()).isEqualTo(page.url());
              assertThat(p.chunkId()).isNotEqualTo(page.chunkId());
              assertThat(p.snippet()).isNotBlank();
            });
  }

  @Test
  void byChunkEveryMatchingChunkIsAHit() {
    List<Hit> chunks = search("vacuum", Mode.KEYWORD, null, false);
    assertThat(chunks).hasSizeGreaterThan(1);
    assertThat(chunks).extracting(Hit::url).containsOnly("https://docs.example/1");
    assertThat(chunks).allSatisfy(h -> assertThat(h.passages()).isEmpty());
    assertThat(chunks).extracting(Hit::chunkId).doesNotHaveDuplicates();
  }

  @Test
  void theLimitCountsPagesOrChunks() {
    assertThat(index().search(tenant, new Query("vacuum", null, Mode.KEYWORD, null, 2, false)))
        .hasSize(2);
    assertThat(index().search(tenant, new Query("anything", axis(0), Mode.SEMANTIC, null, 2, true)))
        .hasSize(2)
        .extracting(Hit::url)
        .doesNotHaveDuplicates();
  }

  // ---------------------------------------------------------------- filters

  @Test
  void aSourceFilterKeepsOtherSourcesOut() {
    assertThat(pagesOf(search("release replication", Mode.KEYWORD, Set.of(DOCS), true))).isEmpty();
    assertThat(pagesOf(search("release replication", Mode.KEYWORD, Set.of(BLOG), true)))
        .containsExactly(4L);
    List<Hit> semantic =
        index().search(tenant, query("anything", axis(3), Mode.SEMANTIC, Set.of(DOCS)));
    assertThat(semantic).isNotEmpty().allSatisfy(h -> assertThat(h.sourceId()).isEqualTo(DOCS));
  }

  // ---------------------------------------------------------------- code

  @Test
  void codeSearchFindsExamplesByCodeAndContext() {
    assertThat(index().searchCode(tenant, "vacuum", null, null, 10))
        .extracting(CodeHit::id)
        .first()
        .isEqualTo(51L);
    CodeHit cache = index().searchCode(tenant, "memoize cache", null, null, 10).get(0);
    assertThat(cache.id()).isEqualTo(52L);
    assertThat(cache.language()).isEqualTo("python");
    assertThat(cache.code()).contains("lru_cache");
    assertThat(cache.context()).startsWith("Memoize");
    assertThat(cache.sourceId()).isEqualTo(DOCS);
    assertThat(cache.url()).isEqualTo("https://docs.example/5");
  }

  @Test
  void codeSearchFiltersByLanguageAndSource() {
    assertThat(index().searchCode(tenant, "vacuum", "python", null, 10)).isEmpty();
    assertThat(index().searchCode(tenant, "vacuum", "sql", null, 10))
        .extracting(CodeHit::id)
        .containsExactly(51L);
    assertThat(index().searchCode(tenant, "vacuum", null, Set.of(BLOG), 10)).isEmpty();
  }

  @Test
  void chunkSearchesNeverReturnCodeExamples() {
    assertThat(search("memoize cache", Mode.KEYWORD, null, false)).isEmpty();
  }

  // ---------------------------------------------------------------- writes

  @Test
  void replacingADocumentReplacesAllItsChunks() {
    index()
        .replaceDocuments(
            tenant, List.of(page(1, DOCS, "Vacuuming", 0, "Freezing prevents wraparound.")));
    index().commit(tenant);
    assertThat(search("dead tuples", Mode.KEYWORD, null, false)).isEmpty();
    assertThat(pagesOf(search("wraparound", Mode.KEYWORD, null, true))).containsExactly(1L);
    assertThat(index().stats(tenant).chunks()).isEqualTo(4);
  }

  @Test
  void deletedDocumentsAreGoneWithTheirCode() {
    index().deleteDocuments(tenant, List.of(1L, 5L));
    index().commit(tenant);
    assertThat(search("vacuum", Mode.KEYWORD, null, true)).isEmpty();
    assertThat(index().searchCode(tenant, "vacuum", null, null, 10)).isEmpty();
    assertThat(pagesOf(index().search(tenant, query("anything", axis(0), Mode.SEMANTIC, null))))
        .doesNotContain(1L);
    SearchIndex.Stats stats = index().stats(tenant);
    assertThat(stats.chunks()).isEqualTo(3);
    assertThat(stats.codeExamples()).isZero();
  }

  @Test
  void deletingASourceDeletesItsChunksOnly() {
    index().deleteSource(tenant, BLOG);
    assertThat(search("release replication", Mode.KEYWORD, null, true)).isEmpty();
    assertThat(pagesOf(search("pool", Mode.KEYWORD, null, true))).containsExactly(2L);
    assertThat(index().stats(tenant).chunks()).isEqualTo(6);
  }

  // ---------------------------------------------------------------- tenants

  @Test
  void aTenantNeverSeesAnotherTenantsChunks() {
    String other = newTenant();
    UUID theirs = UUID.randomUUID();
    index()
        .replaceDocuments(
            other, List.of(page(9, theirs, "Kubernetes", 5, "Pods run on kubernetes nodes.")));
    index().commit(other);

    assertThat(search("kubernetes pods", Mode.KEYWORD, null, true)).isEmpty();
    assertThat(index().search(tenant, query("kubernetes", axis(5), Mode.HYBRID, null)))
        .allSatisfy(h -> assertThat(h.sourceId()).isNotEqualTo(theirs));
    assertThat(index().search(tenant, query("anything", axis(5), Mode.SEMANTIC, Set.of(theirs))))
        .isEmpty();
    assertThat(pagesOf(index().search(other, query("kubernetes", null, Mode.KEYWORD, null))))
        .containsExactly(9L);
    assertThat(index().search(other, query("vacuum", axis(0), Mode.HYBRID, null)))
        .allSatisfy(h -> assertThat(h.sourceId()).isEqualTo(theirs));
    assertThat(index().stats(other).chunks()).isEqualTo(1);
    assertThat(index().stats(tenant).chunks()).isEqualTo(7);
  }

  @Test
  void tenantSlugsAreChecked() {
    assertThatThrownBy(() -> index().stats("../other")).isInstanceOf(RuntimeException.class);
  }

  // ---------------------------------------------------------------- rebuild

  @Test
  void aRebuildSwapsInWhatItWasFed() {
    index()
        .rebuild(
            tenant,
            feed -> {
              // the current content keeps answering while the new one is written
              assertThat(pagesOf(search("pool", Mode.KEYWORD, null, true))).containsExactly(2L);
              feed.accept(
                  List.of(page(7, DOCS, "Checkpoints", 4, "A checkpoint flushes dirty pages.")));
            });
    assertThat(search("pool", Mode.KEYWORD, null, true)).isEmpty();
    assertThat(pagesOf(search("checkpoint", Mode.KEYWORD, null, true))).containsExactly(7L);
    assertThat(pagesOf(index().search(tenant, query("anything", axis(4), Mode.SEMANTIC, null))))
        .containsExactly(7L);
    SearchIndex.Stats stats = index().stats(tenant);
    assertThat(stats.chunks()).isEqualTo(1);
    assertThat(stats.codeExamples()).isZero();
  }

  @Test
  void aWriteDuringARebuildIsKeptAndWinsOverTheFeed() {
    index()
        .rebuild(
            tenant,
            feed -> {
              index()
                  .replaceDocuments(
                      tenant, List.of(page(2, DOCS, "Connection pools", 1, "Pgbouncer pools.")));
              feed.accept(List.of(page(2, DOCS, "Connection pools", 1, "An older copy.")));
            });
    assertThat(pagesOf(search("pgbouncer", Mode.KEYWORD, null, true))).containsExactly(2L);
    assertThat(search("older copy", Mode.KEYWORD, null, true)).isEmpty();
  }

  // ---------------------------------------------------------------- state

  @Test
  void statsSayWhatTheIndexHolds() {
    SearchIndex.Stats stats = index().stats(tenant);
    assertThat(stats.exists()).isTrue();
    assertThat(stats.chunks()).isEqualTo(7);
    assertThat(stats.codeExamples()).isEqualTo(2);
    assertThat(stats.model()).isEqualTo(MODEL);
    assertThat(stats.dimension()).isEqualTo(DIMENSION);
    assertThat(stats.currentFormat()).isTrue();
    assertThat(index().vectorModel(tenant)).isEqualTo(MODEL);
    assertThat(index().sizeBytes(tenant)).isPositive();
  }

  @Test
  void aTenantNeverWrittenHasNoIndex() {
    String empty = newTenant();
    SearchIndex.Stats stats = index().stats(empty);
    assertThat(stats.exists()).isFalse();
    assertThat(stats.chunks()).isZero();
    assertThat(stats.codeExamples()).isZero();
    assertThat(index().vectorModel(empty)).isEqualTo(MODEL);
    assertThat(index().search(empty, query("vacuum", axis(0), Mode.HYBRID, null))).isEmpty();
    assertThat(index().searchCode(empty, "vacuum", null, null, 10)).isEmpty();
  }

  // ---------------------------------------------------------------- helpers

  List<Hit> search(String text, Mode mode, Set<UUID> sources, boolean byPage) {
    return index().search(tenant, new Query(text, null, mode, sources, 10, byPage));
  }

  static Query query(String text, float[] vector, Mode mode, Set<UUID> sources) {
    return new Query(text, vector, mode, sources, 10, true);
  }

  /** The pages of the hits, in order (page n's chunks have ids n*100+1...). */
  static List<Long> pagesOf(List<Hit> hits) {
    return hits.stream().map(h -> h.chunkId() / 100).toList();
  }

  /** Unit vector along one axis: a topic. */
  static float[] axis(int i) {
    float[] v = new float[DIMENSION];
    v[i] = 1;
    return v;
  }

  /**
   * Page {@code id}: one chunk per text, ids {@code id*100+1...}, vectors near the topic axis (each
   * chunk a little apart, so they are not equal).
   */
  static IndexedDocument page(long id, UUID source, String title, int topic, String... texts) {
    List<IndexedChunk> chunks = new ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      float[] v = axis(topic);
      v[(topic + 1 + i) % DIMENSION] = 0.05f * (i + 1);
      chunks.add(
          new IndexedChunk(
              id * 100 + i + 1,
              id,
              source,
              "https://docs.example/" + id,
              title,
              title + " > Part " + (i + 1),
              texts[i],
              LuceneDocuments.unit(v),
              i));
    }
    return new IndexedDocument(id, chunks, List.of());
  }

  static IndexedCode code(
      long id, long document, UUID source, String language, String code, String context) {
    return new IndexedCode(
        id,
        document,
        source,
        "https://docs.example/" + document,
        "Examples",
        language,
        code,
        context);
  }
}
