package dev.devflow.knowledgehub.source;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A partial update of a source: only the fields given change. The URL of a crawled source cannot
 * change (create another source instead); new crawl settings apply from the next refresh.
 */
public record SourceUpdate(
    @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*") String name,
    @Size(max = 20) List<@NotNull @Pattern(regexp = "[a-z0-9][a-z0-9._-]{0,49}") String> tags,
    @Min(0) @Max(10) Integer maxDepth,
    @Min(1) @Max(100000) Integer maxPages,
    @Size(max = 20) List<@NotBlank @Size(max = 500) String> includePatterns,
    @Size(max = 20) List<@NotBlank @Size(max = 500) String> excludePatterns) {}
