package dev.devflow.knowledgehub.ingest;

import java.util.List;
import java.util.UUID;

/**
 * A page ready to store: parsed, chunked and embedded.
 *
 * @param frontierUrl the crawl frontier entry it completes, or null for uploads
 */
public record EmbeddedPage(
    UUID sourceId,
    String frontierUrl,
    String url,
    ParsedDocument parsed,
    String contentHash,
    List<Chunker.Draft> chunks,
    List<float[]> vectors) {}
