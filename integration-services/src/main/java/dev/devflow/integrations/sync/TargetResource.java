package dev.devflow.integrations.sync;

import dev.devflow.common.tenant.TenantContext;
import dev.devflow.integrations.connection.Ids;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What a connection syncs into knowledge: add and list targets. */
@Path("/api/v1/integrations/connections/{id}/targets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sync")
public class TargetResource {

  private final SyncService sync;
  private final TenantContext tenant;

  public TargetResource(SyncService sync, TenantContext tenant) {
    this.sync = sync;
    this.tenant = tenant;
  }

  private String tenant() {
    return tenant.slug().orElseThrow();
  }

  /** Adds a target (after checking the connection can see it) and starts its first sync. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response createTarget(@PathParam("id") String id, @Valid @NotNull TargetRequest request) {
    Map<String, Object> created = sync.createTarget(tenant(), Ids.parse(id, "connection"), request);
    SyncTarget target = (SyncTarget) created.get("target");
    return Response.created(URI.create("/api/v1/integrations/targets/" + target.id()))
        .entity(created)
        .build();
  }

  @GET
  public List<SyncTarget> listTargets(@PathParam("id") String id) {
    return sync.listTargets(tenant(), Ids.parse(id, "connection"));
  }
}
