package dev.devflow.gateway.tenant;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.gateway.auth.GatewayCaller;
import dev.devflow.gateway.auth.InternalTokens;
import dev.devflow.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** Runs a tenant's migrations in every service of the route table that keeps tenant data. */
@ApplicationScoped
public class ServiceMigrations {

  private final GatewayConfig config;
  private final InternalTokens tokens;
  private final ServiceMigrationsClient client;

  @Inject
  public ServiceMigrations(
      GatewayConfig config, InternalTokens tokens, ServiceMigrationsClient client) {
    this.config = config;
    this.tokens = tokens;
    this.client = client;
  }

  public void migrateEverywhere(String slug) {
    GatewayCaller gateway = GatewayCaller.gateway(null, slug);
    String token = tokens.forCaller(gateway, slug);
    for (Map.Entry<String, GatewayConfig.Route> route : config.routes().entrySet()) {
      if (!route.getValue().provisioned()) {
        continue;
      }
      try {
        client.migrate(route.getValue().upstream(), slug, token);
      } catch (RuntimeException e) {
        throw new ProblemException(
            ProblemType.UNAVAILABLE,
            "Tenant '"
                + slug
                + "' is not fully provisioned: the "
                + route.getKey()
                + " service could not migrate it. Send the same request again to finish.");
      }
    }
  }
}
