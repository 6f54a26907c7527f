package dev.devflow.knowledgehub.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Canonical form of a URL, so the same page is never fetched twice under two spellings. It lives
 * here rather than in crawl because extracting a page already canonicalises its links, and crawl
 * builds on ingest, not the other way round.
 */
public final class UrlCanon {

  private UrlCanon() {}

  /** Lower-case scheme and host, no default port, no fragment, normalised path ("/" if empty). */
  public static Optional<URI> canonical(URI uri) {
    try {
      if (uri.getScheme() == null || uri.getHost() == null) {
        return Optional.empty();
      }
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      int port = uri.getPort();
      if ((scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443)) {
        port = -1;
      }
      String path = uri.normalize().getRawPath();
      if (path == null || path.isEmpty()) {
        path = "/";
      }
      String query = uri.getRawQuery();
      String text =
          scheme
              + "://"
              + uri.getHost().toLowerCase(Locale.ROOT)
              + (port == -1 ? "" : ":" + port)
              + path
              + (query == null ? "" : "?" + query);
      return Optional.of(new URI(text));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Resolves a link against its page and canonicalises it; empty for non-http(s) or bad links. */
  public static Optional<URI> resolve(URI base, String href) {
    try {
      String trimmed = href.trim();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        return Optional.empty();
      }
      URI resolved = base.resolve(new URI(trimmed.replace(" ", "%20")));
      String scheme = resolved.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
        return Optional.empty();
      }
      return canonical(resolved);
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
