package dev.devflow.knowledgehub.job;

/** An increment of a job's progress counters. */
public record Progress(
    int fetched, int chunked, int embedded, int unchanged, int failed, int chunks) {

  public static Progress fetchedPage() {
    return new Progress(1, 0, 0, 0, 0, 0);
  }

  public static Progress failedPage() {
    return new Progress(0, 0, 0, 0, 1, 0);
  }

  public static Progress unchangedPage() {
    return new Progress(0, 0, 0, 1, 0, 0);
  }

  public static Progress embeddedPages(int pages, int chunks) {
    return new Progress(0, pages, pages, 0, 0, chunks);
  }
}
