package dev.devflow.knowledgehub.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How hybrid search fuses its lists into pages, apart from any index. */
class RankingTest {

  private static final List<Ranking.Candidate> KEYWORD =
      List.of(c(11, 1, 5.0), c(21, 2, 4.9), c(31, 3, 1.0));
  private static final List<Ranking.Candidate> SEMANTIC =
      List.of(c(22, 2, 0.80), c(12, 1, 0.79), c(32, 3, 0.50));

  @Test
  void withoutOpeningsTheSemanticListWeighsMost() {
    assertThat(pages(Ranking.fuse(KEYWORD, SEMANTIC, List.of(), true, 10)))
        .containsExactly(2L, 1L, 3L);
  }

  @Test
  void anOpeningCloseToTheQuestionLiftsItsPage() {
    List<Ranking.Candidate> openings = List.of(c(10, 1, 0.90), c(20, 2, 0.60), c(30, 3, 0.55));
    assertThat(pages(Ranking.fuse(KEYWORD, SEMANTIC, openings, true, 10)))
        .containsExactly(1L, 2L, 3L);
  }

  @Test
  void anOpeningAloneDoesNotMakeAPageAResult() {
    List<Ranking.Candidate> openings = List.of(c(90, 9, 0.99), c(10, 1, 0.50));
    assertThat(pages(Ranking.fuse(KEYWORD, SEMANTIC, openings, true, 10)))
        .containsExactlyInAnyOrder(1L, 2L, 3L);
  }

  @Test
  void chunksAreFusedWithoutOpenings() {
    List<Ranking.Candidate> openings = List.of(c(10, 1, 0.99));
    assertThat(Ranking.fuse(KEYWORD, SEMANTIC, openings, false, 10))
        .extracting(Ranking.Ranked::best)
        .isEqualTo(
            Ranking.fuse(KEYWORD, SEMANTIC, List.of(), false, 10).stream()
                .map(Ranking.Ranked::best)
                .toList());
  }

  private static Ranking.Candidate c(int key, long page, double score) {
    return new Ranking.Candidate(key, page, score);
  }

  /** The pages of the results, by their best chunk's key (page * 10 + n). */
  private static List<Long> pages(List<Ranking.Ranked> ranked) {
    return ranked.stream().map(r -> (long) r.best() / 10).toList();
  }
}
