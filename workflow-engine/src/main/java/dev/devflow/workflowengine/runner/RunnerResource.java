package dev.devflow.workflowengine.runner;

import dev.devflow.common.tenant.TenantContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The tenant's runners: connected or not, what they serve, how many agents they run. */
@Path("/api/v1/runners")
@Produces(MediaType.APPLICATION_JSON)
public class RunnerResource {

  private final RunnerStore store;
  private final TenantContext tenant;

  public RunnerResource(RunnerStore store, TenantContext tenant) {
    this.store = store;
    this.tenant = tenant;
  }

  @GET
  public List<Runner> list() {
    return store.listRunners(tenant.slug().orElseThrow());
  }

  @GET
  @Path("/{id}")
  public Runner get(@PathParam("id") long id) {
    return store
        .findRunnerById(tenant.slug().orElseThrow(), id)
        .orElseThrow(
            () -> dev.devflow.common.problem.ProblemException.notFound("No runner " + id + "."));
  }
}
