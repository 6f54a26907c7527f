package dev.devflow.workflowengine.agent;

import dev.devflow.common.tenant.TenantContext;
import dev.devflow.workflowengine.run.Run;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** Starting agents on a run's tasks, and cancelling a run with its agents. */
@Path("/api/v1/runs/{runId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RunAgentsResource {

  private final AgentService agents;
  private final RunCancellation cancellation;
  private final TenantContext tenant;

  public RunAgentsResource(
      AgentService agents, RunCancellation cancellation, TenantContext tenant) {
    this.agents = agents;
    this.cancellation = cancellation;
    this.tenant = tenant;
  }

  /** Claims the given task (or the next ready one) and starts an agent of the kind on it. */
  @POST
  @Path("/agents")
  public Response spawn(@PathParam("runId") long runId, @Valid @NotNull SpawnRequest request) {
    Agent agent = agents.spawn(tenant.slug().orElseThrow(), runId, request);
    return Response.created(URI.create("/api/v1/agents/" + agent.id())).entity(agent).build();
  }

  @POST
  @Path("/cancel")
  @Consumes(MediaType.WILDCARD)
  public Run cancel(@PathParam("runId") long runId) {
    return cancellation.cancelRun(tenant.slug().orElseThrow(), runId);
  }
}
