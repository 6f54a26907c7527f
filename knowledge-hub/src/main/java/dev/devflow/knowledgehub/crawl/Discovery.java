package dev.devflow.knowledgehub.crawl;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import dev.devflow.knowledgehub.config.KnowledgeHubConfig;
import dev.devflow.knowledgehub.ingest.UrlCanon;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/**
 * Finds a site's pages before link following: robots.txt (rules and its Sitemap lines), {@code
 * sitemap.xml} and sitemap indexes, {@code llms.txt} and {@code llms-full.txt}.
 */
@ApplicationScoped
public class Discovery {

  private static final int MAX_SITEMAPS = 50;
  private static final Pattern LINK =
      Pattern.compile("\\]\\(([^)\\s]+)\\)|(https?://[^\\s)>\\]]+)");

  private final PageFetcher fetcher;
  private final String userAgent;

  public Discovery(PageFetcher fetcher, KnowledgeHubConfig config) {
    this.fetcher = fetcher;
    this.userAgent = config.crawl().userAgent();
  }

  /** The site's robots rules; a missing robots.txt allows everything. */
  public BaseRobotRules robots(URI seed) {
    URI robotsUrl = seed.resolve("/robots.txt");
    try {
      PageFetcher.Page page = fetcher.fetchResource(robotsUrl);
      return new SimpleRobotRulesParser()
          .parseContent(
              robotsUrl.toString(),
              page.body().getBytes(StandardCharsets.UTF_8),
              "text/plain",
              List.of(userAgent.toLowerCase()));
    } catch (FetchException e) {
      boolean serverError = e.status() >= 500;
      // RFC 9309: unreachable robots.txt (5xx) means disallow all; 4xx means allow all
      return new SimpleRobotRules(
          serverError
              ? SimpleRobotRules.RobotRulesMode.ALLOW_NONE
              : SimpleRobotRules.RobotRulesMode.ALLOW_ALL);
    }
  }

  /** Page URLs named by llms.txt, llms-full.txt and the sitemaps, in scope. */
  public Set<URI> pages(CrawlScope scope, BaseRobotRules robots) {
    Set<URI> out = new LinkedHashSet<>();
    URI seed = scope.seed();
    for (String name : new String[] {"llms.txt", "llms-full.txt"}) {
      for (URI candidate : List.of(seed.resolve(name), seed.resolve("/" + name))) {
        fetchText(candidate).ifPresent(text -> links(candidate, text, out));
      }
    }
    Deque<URI> sitemaps = new ArrayDeque<>();
    robots.getSitemaps().forEach(s -> UrlCanon.resolve(seed, s).ifPresent(sitemaps::add));
    sitemaps.add(seed.resolve("/sitemap.xml"));
    sitemaps.add(seed.resolve("sitemap.xml"));
    readSitemaps(sitemaps, out);
    out.removeIf(u -> !scope.allows(u));
    return out;
  }

  private void readSitemaps(Deque<URI> queue, Set<URI> out) {
    Set<URI> seen = new HashSet<>();
    while (!queue.isEmpty() && seen.size() < MAX_SITEMAPS) {
      URI sitemap = queue.poll();
      if (!seen.add(sitemap)) {
        continue;
      }
      fetchText(sitemap)
          .ifPresent(
              xml -> {
                Document doc = Jsoup.parse(xml, sitemap.toString(), Parser.xmlParser());
                boolean index = doc.selectFirst("sitemapindex") != null;
                for (Element loc : doc.select("loc")) {
                  UrlCanon.resolve(sitemap, loc.text())
                      .ifPresent(
                          u -> {
                            if (index) {
                              queue.add(u);
                            } else {
                              out.add(u);
                            }
                          });
                }
              });
    }
  }

  private static void links(URI base, String text, Set<URI> out) {
    Matcher m = LINK.matcher(text);
    while (m.find()) {
      String href = m.group(1) != null ? m.group(1) : m.group(2);
      UrlCanon.resolve(base, href).ifPresent(out::add);
    }
  }

  private java.util.Optional<String> fetchText(URI url) {
    try {
      return java.util.Optional.of(fetcher.fetchResource(url).body());
    } catch (FetchException e) {
      return java.util.Optional.empty();
    }
  }
}
