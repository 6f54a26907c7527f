package dev.devflow.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devflow.common.auth.AgentIdentity;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.common.tenant.TenantSlug;
import dev.devflow.gateway.config.GatewayConfig;
import dev.devflow.gateway.db.ControlDatabase;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Admits agents' own tokens ({@code dfa_...}, issued by the workflow engine) outside local mode:
 * the engine, which issued the token, says which live agent it stands for, in which tenant; the
 * tenant must be active. The answer is remembered briefly (the key cache's time), so an agent's
 * tool calls cost no round trip each; the engine checks the token again on every workflow call, so
 * a revoked agent's reports are refused at once.
 */
@ApplicationScoped
public class AgentTokenAuthenticator {

  private static final Logger LOG = Logger.getLogger(AgentTokenAuthenticator.class);

  private record Admitted(GatewayCaller caller, long loadedAt) {}

  private final ControlDatabase db;
  private final InternalTokens tokens;
  private final URI engine;
  private final long ttlNanos;
  private final ConcurrentMap<String, Admitted> cache = new ConcurrentHashMap<>();
  private volatile AgentTokensRestClient client;

  public AgentTokenAuthenticator(ControlDatabase db, InternalTokens tokens, GatewayConfig config) {
    this.db = db;
    this.tokens = tokens;
    this.ttlNanos = config.keyCacheTtl().toNanos();
    this.engine =
        config.routes().values().stream()
            .filter(r -> r.prefixes().contains("/api/v1/tasks"))
            .map(GatewayConfig.Route::upstream)
            .findFirst()
            .orElse(null);
  }

  /** The agent's caller from the cache only; empty when the engine must be asked. */
  public Optional<GatewayCaller> cached(String token) {
    Admitted hit = cache.get(token);
    if (hit == null || System.nanoTime() - hit.loadedAt() > ttlNanos) {
      return Optional.empty();
    }
    return Optional.of(hit.caller());
  }

  /** Asks the engine (blocking); 401 unless the token is a live agent's of an active tenant. */
  public GatewayCaller authenticate(String token) {
    String slug =
        AgentIdentity.claimedTenant(token).filter(TenantSlug::isValid).orElseThrow(this::invalid);
    Tenant tenant = tenant(slug).orElseThrow(this::invalid);
    if (!"active".equals(tenant.status())) {
      throw new ProblemException(ProblemType.FORBIDDEN, "This tenant is " + tenant.status() + ".");
    }
    if (engine == null) {
      throw new ProblemException(ProblemType.UNAVAILABLE, "No workflow engine is routed here.");
    }
    GatewayCaller gateway = GatewayCaller.gateway(tenant.id(), slug);
    JsonNode agent;
    try {
      agent = client().verify("Bearer " + tokens.forCaller(gateway, slug), Map.of("token", token));
    } catch (WebApplicationException e) {
      if (e.getResponse().getStatus() == 401 || e.getResponse().getStatus() == 404) {
        throw invalid();
      }
      LOG.warnf("The workflow engine could not check an agent token: %s", e.getMessage());
      throw new ProblemException(
          ProblemType.UNAVAILABLE, "Agent tokens cannot be checked now; retry shortly.");
    } catch (RuntimeException e) {
      LOG.warnf("The workflow engine could not check an agent token: %s", e.getMessage());
      throw new ProblemException(
          ProblemType.UNAVAILABLE, "Agent tokens cannot be checked now; retry shortly.");
    }
    if (!slug.equals(agent.path("tenant").asText())) {
      throw invalid();
    }
    GatewayCaller caller =
        GatewayCaller.agent(tenant.id(), slug, tenant.plan(), agent.path("agentId").asLong());
    if (cache.size() > 10_000) {
      cache.clear();
    }
    cache.put(token, new Admitted(caller, System.nanoTime()));
    return caller;
  }

  /** Forgets every cached agent of a tenant (suspended, deleted). */
  public void evictTenant(UUID tenantId) {
    cache.values().removeIf(a -> tenantId.equals(a.caller().tenantId()));
  }

  private record Tenant(UUID id, String status, String plan) {}

  private Optional<Tenant> tenant(String slug) {
    return db.asRuntime(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT id, status, plan FROM devflow.tenants WHERE slug = ?")) {
            s.setString(1, slug);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next()
                  ? Optional.of(
                      new Tenant(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
                  : Optional.empty();
            }
          }
        });
  }

  private AgentTokensRestClient client() {
    if (client == null) {
      synchronized (this) {
        if (client == null) {
          client =
              QuarkusRestClientBuilder.newBuilder()
                  .baseUri(engine)
                  .connectTimeout(2, TimeUnit.SECONDS)
                  .readTimeout(5, TimeUnit.SECONDS)
                  .build(AgentTokensRestClient.class);
        }
      }
    }
    return client;
  }

  private ProblemException invalid() {
    return new ProblemException(
        ProblemType.UNAUTHORIZED,
        "The agent token is unknown or revoked; agents get a new one each time they start.");
  }
}
