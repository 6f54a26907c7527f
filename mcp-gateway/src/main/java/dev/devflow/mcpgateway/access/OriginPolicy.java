package dev.devflow.mcpgateway.access;

import dev.devflow.common.config.DeploymentMode;
import dev.devflow.mcpgateway.upstream.McpGatewayConfig;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which browser origins and host names may reach /mcp. In local mode only loopback origins and
 * hosts (and configured extras); elsewhere the configured origins, with host checking left to the
 * ingress or nginx in front.
 */
final class OriginPolicy {

  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private final boolean local;
  private final List<String> origins;
  private final List<String> hosts;

  OriginPolicy(DeploymentMode mode, McpGatewayConfig config) {
    this.local = !mode.isMultiTenant();
    this.origins =
        config.allowedOrigins().orElse(List.of()).stream().map(OriginPolicy::norm).toList();
    this.hosts = config.allowedHosts().orElse(List.of()).stream().map(OriginPolicy::norm).toList();
  }

  boolean allowsOrigin(String origin) {
    String o = norm(origin);
    if (origins.contains(o)) {
      return true;
    }
    if (!local) {
      return false;
    }
    try {
      URI uri = URI.create(o);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null
          && LOOPBACK.contains(uri.getHost());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  boolean allowsHost(String host) {
    if (!local) {
      return true;
    }
    if (host == null) {
      return false;
    }
    String h = norm(host);
    return LOOPBACK.contains(h) || hosts.contains(h);
  }

  private static String norm(String s) {
    String t = s.strip().toLowerCase(Locale.ROOT);
    return t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
  }
}
