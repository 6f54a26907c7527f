package dev.devflow.knowledgehub.source;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * What a client sends to create a crawled source.
 *
 * @param maxDepth links followed from the start page (default 3)
 * @param maxPages pages fetched at most (default 1000)
 * @param includePatterns regular expressions; when given, only matching URLs are crawled
 * @param excludePatterns regular expressions; matching URLs are never crawled
 */
public record SourceRequest(
    @NotBlank @Size(max = 200) String name,
    @NotBlank @Size(max = 2000) String url,
    @Size(max = 20) List<@NotNull @Pattern(regexp = "[a-z0-9][a-z0-9._-]{0,49}") String> tags,
    @Min(0) @Max(10) Integer maxDepth,
    @Min(1) @Max(100000) Integer maxPages,
    @Size(max = 20) List<@NotBlank @Size(max = 500) String> includePatterns,
    @Size(max = 20) List<@NotBlank @Size(max = 500) String> excludePatterns) {

  /** Default link depth. */
  public static final int DEFAULT_MAX_DEPTH = 3;

  /** Default page limit. */
  public static final int DEFAULT_MAX_PAGES = 1000;

  public int depthOrDefault() {
    return maxDepth == null ? DEFAULT_MAX_DEPTH : maxDepth;
  }

  public int pagesOrDefault() {
    return maxPages == null ? DEFAULT_MAX_PAGES : maxPages;
  }

  public List<String> tagsOrEmpty() {
    return tags == null ? List.of() : tags;
  }

  public List<String> includeOrEmpty() {
    return includePatterns == null ? List.of() : includePatterns;
  }

  public List<String> excludeOrEmpty() {
    return excludePatterns == null ? List.of() : excludePatterns;
  }
}
