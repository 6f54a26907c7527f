package dev.devflow.knowledgehub.search;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The {@link SearchIndex} contract against the embedded Lucene index: in every build. */
class LuceneSearchIndexContractTest extends SearchIndexContract {

  @TempDir static Path dir;
  private static LuceneSearchIndex index;

  @BeforeAll
  static void open() {
    index = new LuceneSearchIndex(dir.resolve("index"), EMBEDDER);
  }

  @AfterAll
  static void close() {
    index.close();
  }

  @Override
  SearchIndex index() {
    return index;
  }

  @Override
  String runId() {
    return "lucene";
  }
}
