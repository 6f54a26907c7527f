package dev.devflow.integrations.sync;

import dev.devflow.common.tenant.TenantContext;
import dev.devflow.integrations.connection.Ids;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Sync jobs: status and document counts. */
@Path("/api/v1/integrations/sync-jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sync")
public class SyncJobResource {

  private final SyncService sync;
  private final TenantContext tenant;

  public SyncJobResource(SyncService sync, TenantContext tenant) {
    this.sync = sync;
    this.tenant = tenant;
  }

  @GET
  @Path("/{id}")
  public SyncJob getJob(@PathParam("id") String id) {
    return sync.requireJob(tenant.slug().orElseThrow(), Ids.parse(id, "sync job"));
  }
}
