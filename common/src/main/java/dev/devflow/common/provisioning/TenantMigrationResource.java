package dev.devflow.common.provisioning;

import dev.devflow.common.auth.Caller;
import dev.devflow.common.persistence.TenantMigrator;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.common.tenant.TenantContext;
import dev.devflow.common.tenant.TenantSlug;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Lets the api-gateway provision a tenant in this service: runs this service's migrations into
 * {@code tenant_<slug>}. Only the gateway's token for that tenant's admin may call it; the gateway
 * never routes {@code /internal} paths from clients.
 */
@Path("/internal/tenants/{slug}/migrations")
public class TenantMigrationResource {

  private final Instance<TenantMigrator> migrator;
  private final TenantContext tenant;
  private final Caller caller;

  @Inject
  public TenantMigrationResource(
      Instance<TenantMigrator> migrator, TenantContext tenant, Caller caller) {
    this.migrator = migrator;
    this.tenant = tenant;
    this.caller = caller;
  }

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Bring a tenant's schema up to date in this service (idempotent)")
  public Map<String, Object> migrate(@PathParam("slug") String slug) {
    TenantSlug.require(slug);
    caller.requireTenantAdmin();
    if (!slug.equals(tenant.slug().orElse(null))) {
      throw new ProblemException(
          ProblemType.FORBIDDEN, "A token for one tenant cannot migrate another.");
    }
    if (migrator.isUnsatisfied()) {
      throw ProblemException.notFound("This service keeps no tenant data.");
    }
    int applied = migrator.get().migrate(slug);
    return Map.of("tenant", slug, "applied", applied);
  }
}
