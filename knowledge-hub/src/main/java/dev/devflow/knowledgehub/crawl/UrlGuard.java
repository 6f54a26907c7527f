package dev.devflow.knowledgehub.crawl;

import dev.devflow.common.config.DeploymentMode;
import dev.devflow.common.config.DevflowConfig;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.knowledgehub.config.KnowledgeHubConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Decides which URLs may be crawled: only absolute http(s) URLs, and (outside local mode, unless
 * configured otherwise) none that resolve to loopback, link-local, private or otherwise internal
 * addresses, so a tenant cannot make the service probe its own network (SSRF).
 */
@ApplicationScoped
public class UrlGuard {

  private final boolean allowPrivate;

  @jakarta.inject.Inject
  public UrlGuard(DevflowConfig devflow, KnowledgeHubConfig config) {
    this(config.allowPrivateAddresses().orElse(devflow.deploymentMode() == DeploymentMode.LOCAL));
  }

  /** A guard with an explicit policy. */
  public UrlGuard(boolean allowPrivate) {
    this.allowPrivate = allowPrivate;
  }

  /** Parses and checks a URL a client sent; a 400 problem naming the field otherwise. */
  public URI requireCrawlable(String raw, String field) {
    URI uri;
    try {
      uri = new URI(raw.trim());
    } catch (URISyntaxException e) {
      throw ProblemException.invalid(field, "'" + raw + "' is not a valid URL.");
    }
    if (uri.getScheme() == null || uri.getHost() == null || !uri.isAbsolute()) {
      throw ProblemException.invalid(
          field,
          "'" + raw + "' is not an absolute URL with a host (e.g. https://docs.example.com).");
    }
    String scheme = uri.getScheme().toLowerCase();
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw ProblemException.invalid(
          field,
          "The scheme '" + scheme + "' is not supported: only http and https can be crawled.");
    }
    refusal(uri)
        .ifPresent(
            reason -> {
              throw ProblemException.invalid(field, reason);
            });
    return UrlCanon.canonical(uri).orElseThrow();
  }

  /** Why the URL must not be fetched, or empty when it may be (checked again on every redirect). */
  public Optional<String> refusal(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of("Only http and https URLs can be crawled, not '" + uri + "'.");
    }
    if (allowPrivate) {
      return Optional.empty();
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
        if (internal(address)) {
          return Optional.of(
              "The address of '"
                  + uri.getHost()
                  + "' is blocked: it resolves to a loopback, link-local or private address.");
        }
      }
      return Optional.empty();
    } catch (UnknownHostException e) {
      return Optional.of("The host '" + uri.getHost() + "' cannot be resolved.");
    }
  }

  static boolean internal(InetAddress a) {
    if (a.isLoopbackAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isAnyLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet6Address) {
      return (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    return (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
        || first == 0
        || (first == 192 && second == 0 && (b[2] & 0xff) == 0)
        || (first == 198 && (second == 18 || second == 19));
  }
}
