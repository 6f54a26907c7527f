package dev.devflow.knowledgehub.crawl;

import dev.devflow.common.config.DeploymentMode;
import dev.devflow.common.config.DevflowConfig;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.knowledgehub.config.KnowledgeHubConfig;
import dev.devflow.knowledgehub.ingest.UrlCanon;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Decides which URLs may be crawled: only absolute http(s) URLs, and (outside local mode, unless
 * configured otherwise) none that resolves to an address off the public internet ({@link
 * PublicAddresses}), so a tenant cannot make the service probe its own network (SSRF). Checked when
 * a source is registered and before every request of a crawl, redirects included; the check and the
 * connection share the JVM's address cache, so a host cannot answer one thing to the check and
 * another to the connection.
 */
@ApplicationScoped
public class UrlGuard {

  /** The setting an operator lists intranet hosts in, as its environment variable. */
  static final String ALLOWED_PRIVATE = "DEVFLOW_KNOWLEDGE_HUB_CRAWL_ALLOWED_PRIVATE";

  private final boolean allowPrivate;
  private final PrivateAllowList allowed;

  @jakarta.inject.Inject
  public UrlGuard(DevflowConfig devflow, KnowledgeHubConfig config) {
    this(
        config.allowPrivateAddresses().orElse(devflow.deploymentMode() == DeploymentMode.LOCAL),
        PrivateAllowList.parse(config.crawl().allowedPrivate().orElse(List.of()), ALLOWED_PRIVATE));
  }

  /** A guard with an explicit policy. */
  public UrlGuard(boolean allowPrivate) {
    this(allowPrivate, PrivateAllowList.NONE);
  }

  UrlGuard(boolean allowPrivate, PrivateAllowList allowed) {
    this.allowPrivate = allowPrivate;
    this.allowed = allowed;
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
        if (internal(address) && !allowed.allows(uri.getHost(), address)) {
          return Optional.of(
              "The address of '"
                  + uri.getHost()
                  + "' is blocked: it resolves to an address that is not on the public internet"
                  + " (loopback, private, link-local, reserved, documentation, multicast or"
                  + " broadcast)"
                  + (allowed.isEmpty()
                      ? "."
                      : ", and not one the operator allows crawls to reach."));
        }
      }
      return Optional.empty();
    } catch (UnknownHostException e) {
      return Optional.of("The host '" + uri.getHost() + "' cannot be resolved.");
    }
  }

  static boolean internal(InetAddress a) {
    return !PublicAddresses.isPublic(a);
  }
}
