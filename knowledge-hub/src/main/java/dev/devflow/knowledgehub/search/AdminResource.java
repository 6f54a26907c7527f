package dev.devflow.knowledgehub.search;

import dev.devflow.common.auth.Caller;
import dev.devflow.common.auth.Role;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.common.tenant.TenantContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Index administration: health of the tenant's index and a rebuild from PostgreSQL (admins). */
@Path("/api/v1/admin/index")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
public class AdminResource {

  private final IndexMaintenance maintenance;
  private final TenantContext tenant;
  private final Caller caller;

  public AdminResource(IndexMaintenance maintenance, TenantContext tenant, Caller caller) {
    this.maintenance = maintenance;
    this.tenant = tenant;
    this.caller = caller;
  }

  @GET
  public IndexMaintenance.Status status() {
    return maintenance.status(tenant.slug().orElseThrow());
  }

  @POST
  @Path("/rebuild")
  public Response rebuild() {
    if (caller.role().orElse(Role.VIEWER) != Role.ADMIN) {
      throw new ProblemException(
          ProblemType.FORBIDDEN, "Only tenant admins can rebuild the search index.");
    }
    String t = tenant.slug().orElseThrow();
    maintenance.rebuildInBackground(t);
    return Response.accepted(maintenance.status(t)).build();
  }
}
