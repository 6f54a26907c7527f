package dev.devflow.knowledgehub.crawl;

import dev.devflow.knowledgehub.config.KnowledgeHubConfig;
import dev.devflow.knowledgehub.ingest.UrlCanon;
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
  private static final Pattern META_CHARSET =
      Pattern.compile(
          "<meta[^>]+charset\\s*=\\s*[\"']?\\s*([A-Za-z0-9_.:-]+)", Pattern.CASE_INSENSITIVE);

  /** robots.txt Crawl-delay values above this are capped, so one site cannot stall a crawl. */
  static final long MAX_CRAWL_DELAY_MILLIS = 30_000;

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
  private final Map<String, Long> crawlDelays = new ConcurrentHashMap<>();

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

  /**
   * Honours a site's robots.txt Crawl-delay (milliseconds, as crawler-commons reports it) for its
   * host when it is longer than the configured politeness delay; capped at 30 s.
   */
  public void honourCrawlDelay(URI site, long crawlDelayMillis) {
    if (crawlDelayMillis > 0) {
      crawlDelays.put(hostKey(site), Math.min(crawlDelayMillis, MAX_CRAWL_DELAY_MILLIS));
    } else {
      crawlDelays.remove(hostKey(site));
    }
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
      return new Page(url, type, read(response, type));
    }
    throw new FetchException("More than " + MAX_REDIRECTS + " redirects");
  }

  private static final long RETRY_PAUSE_MILLIS = 250;

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
      try {
        return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      } catch (java.net.http.HttpTimeoutException e) {
        throw e; // waiting as long again would not help
      } catch (IOException e) {
        // The connection ended before any answer ("header parser received no bytes"), twice:
        // the client already sent the GET again once. A loaded server (the one the benchmark
        // crawls drops one page in a few runs) answers a moment later; a GET is safe to resend.
        Thread.sleep(RETRY_PAUSE_MILLIS);
        return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      }
    } catch (IOException e) {
      throw new FetchException(
          "Fetch failed: "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException("Interrupted");
    }
  }

  private String read(HttpResponse<InputStream> response, String type) throws FetchException {
    try (InputStream in = response.body()) {
      byte[] body = in.readNBytes(config.maxPageBytes() + 1);
      if (body.length > config.maxPageBytes()) {
        throw new FetchException("Page larger than " + config.maxPageBytes() + " bytes");
      }
      return new String(body, charset(type, body));
    } catch (IOException e) {
      throw new FetchException("Reading the page failed: " + e.getMessage());
    }
  }

  /** Waits for this host's next slot, so one crawl never hammers a site. */
  private void politeness(URI url) throws FetchException {
    String host = hostKey(url);
    long delay = Math.max(config.politenessDelay().toMillis(), crawlDelays.getOrDefault(host, 0L));
    if (delay <= 0) {
      return;
    }
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

  private static String hostKey(URI url) {
    return url.getHost() + ":" + url.getPort();
  }

  /**
   * The body's charset: the Content-Type header's, else a byte-order mark's, else (HTML) the page's
   * own {@code <meta charset>} or http-equiv declaration in its first 2 KB, else UTF-8.
   */
  static Charset charset(String contentType, byte[] body) {
    Matcher header = CHARSET.matcher(contentType);
    if (header.find()) {
      return named(header.group(1));
    }
    if (body.length >= 3
        && (body[0] & 0xff) == 0xef
        && (body[1] & 0xff) == 0xbb
        && (body[2] & 0xff) == 0xbf) {
      return StandardCharsets.UTF_8;
    }
    if (body.length >= 2 && (body[0] & 0xff) == 0xfe && (body[1] & 0xff) == 0xff) {
      return StandardCharsets.UTF_16BE;
    }
    if (body.length >= 2 && (body[0] & 0xff) == 0xff && (body[1] & 0xff) == 0xfe) {
      return StandardCharsets.UTF_16LE;
    }
    if (contentType.contains("html")) {
      String head = new String(body, 0, Math.min(body.length, 2048), StandardCharsets.ISO_8859_1);
      Matcher meta = META_CHARSET.matcher(head);
      if (meta.find()) {
        return named(meta.group(1));
      }
    }
    return StandardCharsets.UTF_8;
  }

  private static Charset named(String name) {
    try {
      return Charset.forName(name);
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
