package dev.devflow.workflowengine.run;

import dev.devflow.common.tenant.TenantContext;
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

/** Runs of workflows on repositories. */
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RunResource {

  private final RunService runs;
  private final TenantContext tenant;

  public RunResource(RunService runs, TenantContext tenant) {
    this.runs = runs;
    this.tenant = tenant;
  }

  @POST
  public Response create(@Valid @NotNull RunRequest request) {
    Run run = runs.createRun(tenant.slug().orElseThrow(), request);
    return Response.created(URI.create("/api/v1/runs/" + run.id())).entity(run).build();
  }

  @GET
  public List<Run> list() {
    return runs.listRuns(tenant.slug().orElseThrow());
  }

  @GET
  @Path("/{id}")
  public Run get(@PathParam("id") long id) {
    return runs.findRunById(tenant.slug().orElseThrow(), id)
        .orElseThrow(() -> RunService.notFound(id));
  }
}
