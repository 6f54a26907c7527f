package dev.devflow.integrations.sync;

import dev.devflow.common.tenant.TenantContext;
import dev.devflow.integrations.connection.Ids;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** One sync target: show, delete, sync now, its jobs. */
@Path("/api/v1/integrations/targets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sync")
public class SyncResource {

  private final SyncService sync;
  private final TenantContext tenant;

  public SyncResource(SyncService sync, TenantContext tenant) {
    this.sync = sync;
    this.tenant = tenant;
  }

  private String tenant() {
    return tenant.slug().orElseThrow();
  }

  @GET
  @Path("/{id}")
  public SyncTarget getTarget(@PathParam("id") String id) {
    return sync.requireTarget(tenant(), Ids.parse(id, "sync target"));
  }

  @DELETE
  @Path("/{id}")
  public Response deleteTarget(@PathParam("id") String id) {
    sync.deleteTarget(tenant(), Ids.parse(id, "sync target"));
    return Response.noContent().build();
  }

  /** Starts an incremental sync now. */
  @POST
  @Path("/{id}/sync")
  @Consumes(MediaType.WILDCARD)
  public Response syncNow(@PathParam("id") String id) {
    SyncTarget target = sync.requireTarget(tenant(), Ids.parse(id, "sync target"));
    return Response.accepted(sync.queue(tenant(), target.id(), "manual")).build();
  }

  @GET
  @Path("/{id}/jobs")
  public List<SyncJob> listJobs(@PathParam("id") String id) {
    return sync.listJobs(tenant(), Ids.parse(id, "sync target"));
  }
}
