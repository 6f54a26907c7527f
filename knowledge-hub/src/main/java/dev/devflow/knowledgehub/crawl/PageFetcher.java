package dev.devflow.knowledgehub.crawl;

import dev.devflow.knowledgehub.config.KnowledgeHubConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches one page: per-host politeness delay, timeouts, a size cap, HTML and text only, and
 * redirects followed by hand so each hop passes the {@link UrlGuard} again.
 */
@ApplicationScoped
public class PageFetcher {

  private static final int MAX_REDIRECTS = 5;
  private static final Pattern CHARSET = Pattern.compile("charset=\"?([A-Za-z0-9_.:-]+)");

  /** A fetched body. */
  public record Page(URI url, String contentType, String body) {
    public boolean html() {
      return contentType.contains("html");
    }
  }

  private final KnowledgeHubConfig.Crawl config;
  private final UrlGuard guard;
  private final HttpClient http;
  private final Map<String, Long> nextSlot = new ConcurrentHashMap<>();

  @jakarta.inject.Inject
  public PageFetcher(KnowledgeHubConfig config, UrlGuard guard) {
    this(config.crawl(), guard);
  }

  /** A fetcher with explicit settings. */
  public PageFetcher(KnowledgeHubConfig.Crawl config, UrlGuard guard) {
    this.config = config;
    this.guard = guard;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(this.config.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Fetches an HTML or text page, following at most five redirects. */
  public Page fetch(URI url) throws FetchException {
    return fetch(url, true);
  }

  /** Fetches any text body (robots.txt, sitemaps, llms.txt). */
  public Page fetchResource(URI url) throws FetchException {
    return fetch(url, false);
  }

  private Page fetch(URI start, boolean pagesOnly) throws FetchException {
    URI url = start;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      var refusal = guard.refusal(url);
      if (refusal.isPresent()) {
        throw new FetchException(refusal.get());
      }
      HttpResponse<InputStream> response = send(url);
      int status = response.statusCode();
      if (status >= 300 && status < 400) {
        String location = response.headers().firstValue("Location").orElse(null);
        close(response);
        if (location == null) {
          throw new FetchException("HTTP " + status + " without a Location", status);
        }
        url =
            UrlCanon.resolve(url, location)
                .orElseThrow(
                    () ->
                        new FetchException("Redirect to an unsupported URL: " + location, status));
        continue;
      }
      if (status != 200) {
        close(response);
        throw new FetchException("HTTP " + status, status);
      }
      String type =
          response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
      if (pagesOnly
          && !(type.contains("text/html")
              || type.contains("xhtml")
              || type.startsWith("text/plain")
              || type.startsWith("text/markdown"))) {
        close(response);
        throw new FetchException("Skipped: content type '" + type + "' is neither HTML nor text");
      }
      return new Page(url, type, read(response, charset(type)));
    }
    throw new FetchException("More than " + MAX_REDIRECTS + " redirects");
  }

  private HttpResponse<InputStream> send(URI url) throws FetchException {
    politeness(url);
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(config.timeout())
            .header("User-Agent", config.userAgent())
            .header("Accept", "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5")
            .GET()
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new FetchException(
          "Fetch failed: "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException("Interrupted");
    }
  }

  private String read(HttpResponse<InputStream> response, Charset charset) throws FetchException {
    try (InputStream in = response.body()) {
      byte[] body = in.readNBytes(config.maxPageBytes() + 1);
      if (body.length > config.maxPageBytes()) {
        throw new FetchException("Page larger than " + config.maxPageBytes() + " bytes");
      }
      return new String(body, charset);
    } catch (IOException e) {
      throw new FetchException("Reading the page failed: " + e.getMessage());
    }
  }

  /** Waits for this host's next slot, so one crawl never hammers a site. */
  private void politeness(URI url) throws FetchException {
    long delay = config.politenessDelay().toMillis();
    if (delay <= 0) {
      return;
    }
    String host = url.getHost() + ":" + url.getPort();
    long now = System.currentTimeMillis();
    long slot =
        nextSlot.compute(host, (h, next) -> Math.max(now, next == null ? now : next) + delay)
            - delay;
    try {
      if (slot > now) {
        Thread.sleep(slot - now);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException("Interrupted");
    }
  }

  private static Charset charset(String contentType) {
    Matcher m = CHARSET.matcher(contentType);
    try {
      return m.find() ? Charset.forName(m.group(1)) : StandardCharsets.UTF_8;
    } catch (RuntimeException e) {
      return StandardCharsets.UTF_8;
    }
  }

  private static void close(HttpResponse<InputStream> response) {
    try {
      response.body().close();
    } catch (IOException ignored) {
      // nothing to release
    }
  }
}
