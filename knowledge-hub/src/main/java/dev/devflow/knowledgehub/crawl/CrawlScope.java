package dev.devflow.knowledgehub.crawl;

import crawlercommons.robots.BaseRobotRules;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which URLs belong to a crawl: same scheme, host and port as the start URL, under its directory,
 * allowed by robots.txt, matching an include pattern (if any) and no exclude pattern.
 */
public final class CrawlScope {

  private final URI seed;
  private final String prefix;
  private final List<Pattern> include;
  private final List<Pattern> exclude;
  private final BaseRobotRules robots;

  public CrawlScope(URI seed, List<String> include, List<String> exclude, BaseRobotRules robots) {
    this.seed = seed;
    String path = seed.getRawPath();
    this.prefix = path.substring(0, path.lastIndexOf('/') + 1);
    this.include = include.stream().map(Pattern::compile).toList();
    this.exclude = exclude.stream().map(Pattern::compile).toList();
    this.robots = robots;
  }

  /** Whether the URL is on the site and under the start URL's directory. */
  public boolean onSite(URI url) {
    return seed.getScheme().equals(url.getScheme())
        && seed.getHost().equals(url.getHost())
        && seed.getPort() == url.getPort()
        && url.getRawPath() != null
        && url.getRawPath().startsWith(prefix);
  }

  public boolean allows(URI url) {
    String s = url.toString();
    return onSite(url)
        && (include.isEmpty() || include.stream().anyMatch(p -> p.matcher(s).find()))
        && exclude.stream().noneMatch(p -> p.matcher(s).find())
        && robotsAllow(url);
  }

  public boolean robotsAllow(URI url) {
    return robots.isAllowed(url.toString());
  }

  public URI seed() {
    return seed;
  }
}
