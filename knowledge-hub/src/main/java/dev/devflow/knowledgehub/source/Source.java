package dev.devflow.knowledgehub.source;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A documentation source: a site to crawl or a set of uploaded files, with its crawl settings and
 * what it holds.
 *
 * @param status idle, queued, running, done, failed or cancelled (the state of its latest job)
 */
public record Source(
    UUID id,
    String name,
    String kind,
    String url,
    List<String> tags,
    int maxDepth,
    int maxPages,
    List<String> includePatterns,
    List<String> excludePatterns,
    String status,
    int pageCount,
    int chunkCount,
    int codeExampleCount,
    OffsetDateTime lastCrawlAt,
    String lastError,
    OffsetDateTime createdAt) {

  /** Kind of a source crawled from a URL. */
  public static final String KIND_URL = "url";

  /** Kind of a source made of uploaded files. */
  public static final String KIND_UPLOAD = "upload";
}
