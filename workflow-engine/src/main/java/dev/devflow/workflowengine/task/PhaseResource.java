package dev.devflow.workflowengine.task;

import dev.devflow.common.tenant.TenantContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A run's current phase: its instructions, done criteria and open tasks. */
@Path("/api/v1/runs/{runId}/phase")
@Produces(MediaType.APPLICATION_JSON)
public class PhaseResource {

  private final PhaseService phases;
  private final TenantContext tenant;

  public PhaseResource(PhaseService phases, TenantContext tenant) {
    this.phases = phases;
    this.tenant = tenant;
  }

  @GET
  public CurrentPhase current(@PathParam("runId") long runId) {
    return phases.currentPhase(tenant.slug().orElseThrow(), runId);
  }
}
