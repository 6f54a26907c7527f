package dev.devflow.knowledgehub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HTML cleaning, heading paths, code blocks and chunking with overlap. */
class ExtractAndChunkTest {

  private static final URI BASE = URI.create("http://docs.test/guide/page.html");

  @Test
  void chromeIsDroppedAndCodeKeepsItsLanguageAndContext() {
    ParsedDocument doc =
        HtmlExtractor.parse(
            """
        <html><head><title>Guide</title><link rel="canonical" href="/guide/page.html?x=1"></head><body>
        <nav>Home | About</nav><div class="navheader">Prev Next</div>
        <article><h1>Guide</h1><p>Intro text.</p><h2>Install</h2><p>Run the installer:</p>
        <pre class="highlight"><code class="language-shell">./install.sh --all
        echo done</code></pre><a href="other.html#frag">Other</a></article>
        <footer>(c) Acme</footer></body></html>""",
            BASE);

    assertThat(doc.title()).isEqualTo("Guide");
    assertThat(doc.text())
        .contains("Intro text.")
        .doesNotContain("Home | About")
        .doesNotContain("Prev Next")
        .doesNotContain("(c) Acme");
    assertThat(doc.codeBlocks())
        .singleElement()
        .satisfies(
            code -> {
              assertThat(code.language()).isEqualTo("shell");
              assertThat(code.text()).isEqualTo("./install.sh --all\necho done");
              assertThat(code.context()).contains("Run the installer");
              assertThat(code.headingPath()).isEqualTo("Guide > Install");
            });
    assertThat(doc.links()).containsExactly(URI.create("http://docs.test/guide/other.html"));
    assertThat(doc.canonical()).isEqualTo(URI.create("http://docs.test/guide/page.html?x=1"));
  }

  @Test
  void longSectionsAreCutWithOverlapAndCodeIsNeverSplit() {
    String sentence = "The quick brown fox jumps over the lazy dog near the river bank. ";
    String code = "x = 1\n".repeat(400);
    ParsedDocument doc =
        new ParsedDocument(
            "T",
            List.of(
                ParsedDocument.Block.prose("T > A", sentence.repeat(40)),
                new ParsedDocument.Block("T > B", code.strip(), true, "python", ""),
                ParsedDocument.Block.prose("T > C", "Short closing words.")),
            List.of(),
            BASE);

    List<Chunker.Draft> chunks = Chunker.chunk(doc);

    assertThat(chunks)
        .allSatisfy(
            c ->
                assertThat(c.text().length())
                    .isLessThanOrEqualTo(Math.max(Chunker.TARGET + 200, code.length())));
    assertThat(chunks.get(0).headingPath()).isEqualTo("T > A");
    String tailOfFirst = chunks.get(0).text().substring(chunks.get(0).text().length() - 40);
    assertThat(chunks.get(1).text()).contains(tailOfFirst.substring(tailOfFirst.indexOf(' ') + 1));
    assertThat(chunks)
        .filteredOn(c -> c.text().contains("x = 1"))
        .singleElement()
        .satisfies(c -> assertThat(c.text()).contains(code.strip()));
  }

  @Test
  void markdownHeadingsAndFencesBecomeStructure() {
    ParsedDocument doc =
        MarkupExtractor.parse(
            "# Title\n\nIntro.\n\n## Usage\n\n```java\nclass A {}\n```\n\nSetup\n-----\n\nDone.\n",
            "f.md",
            BASE);
    assertThat(doc.title()).isEqualTo("Title");
    assertThat(doc.codeBlocks())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.language()).isEqualTo("java");
              assertThat(b.headingPath()).isEqualTo("Title > Usage");
            });
    assertThat(doc.blocks()).anySatisfy(b -> assertThat(b.headingPath()).contains("Setup"));
  }
}
