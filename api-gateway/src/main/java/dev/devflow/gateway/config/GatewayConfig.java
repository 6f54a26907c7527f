package dev.devflow.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The api-gateway's settings, under {@code devflow.gateway}. */
@ConfigMapping(prefix = "devflow.gateway")
public interface GatewayConfig {

  /** Upstream routes by name: which path prefixes go to which service. */
  Map<String, Route> routes();

  /** How long a resolved API key is trusted before it is looked up again. */
  @WithDefault("5s")
  Duration keyCacheTtl();

  /** Whether requests are rate limited (per tenant, by the tenant's plan). */
  @WithDefault("true")
  boolean rateLimitsEnabled();

  /** One route of the table. */
  interface Route {
    /** The service's base URL, e.g. {@code http://knowledge-hub:8282}. */
    URI upstream();

    /** Path prefixes served by this upstream, e.g. {@code /api/v1/sources}. */
    List<String> prefixes();

    /** Largest request body accepted on this route. */
    @WithDefault("10M")
    io.quarkus.runtime.configuration.MemorySize maxBodySize();

    /** How long the upstream may take to answer before the client gets a 504. */
    @WithDefault("60s")
    Duration timeout();

    /** Whether this route streams (MCP, SSE): no timeout on the response body. */
    @WithDefault("false")
    boolean streaming();

    /** Services that keep tenant data, migrated when a tenant is provisioned. */
    @WithDefault("false")
    boolean provisioned();

    /** Optional override of where provisioning calls go (defaults to {@link #upstream()}). */
    Optional<URI> provisioningUrl();

    /**
     * Prefixes of this route that need no API key because the service authenticates each request
     * itself (webhooks signed by GitHub or Jira); forwarded with no caller and no internal token.
     */
    Optional<List<String>> unauthenticatedPrefixes();
  }
}
