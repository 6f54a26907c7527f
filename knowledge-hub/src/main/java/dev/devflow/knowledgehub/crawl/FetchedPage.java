package dev.devflow.knowledgehub.crawl;

import dev.devflow.knowledgehub.ingest.Chunker;
import dev.devflow.knowledgehub.ingest.ParsedDocument;
import java.net.URI;
import java.util.List;

/**
 * The outcome of fetching one frontier entry: a parsed and chunked page, or a failure.
 *
 * @param finalUrl where the page was found after redirects (and its canonical link)
 */
record FetchedPage(
    FrontierRepository.Entry entry,
    URI finalUrl,
    ParsedDocument parsed,
    List<Chunker.Draft> chunks,
    FetchException failure) {

  static FetchedPage failed(FrontierRepository.Entry entry, FetchException e) {
    return new FetchedPage(entry, null, null, List.of(), e);
  }
}
