package dev.devflow.workflowengine.task;

import dev.devflow.common.tenant.TenantContext;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** Tasks of a run: add, list, claim. */
@Path("/api/v1/runs/{runId}/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TaskResource {

  private final TaskService tasks;
  private final TenantContext tenant;
  private final AgentScope scope;

  public TaskResource(TaskService tasks, TenantContext tenant, AgentScope scope) {
    this.tasks = tasks;
    this.tenant = tenant;
    this.scope = scope;
  }

  @POST
  public Response create(@PathParam("runId") long runId, @Valid @NotNull TaskRequest request) {
    scope.requireOwnRun(runId);
    Task task = tasks.createTask(tenant.slug().orElseThrow(), runId, request);
    return Response.created(URI.create("/api/v1/tasks/" + task.id())).entity(task).build();
  }

  @GET
  public List<Task> list(@PathParam("runId") long runId, @QueryParam("status") String status) {
    return tasks.listTasks(tenant.slug().orElseThrow(), runId, status);
  }

  /**
   * Claims the next ready task (queued, dependencies done): 200 with it, or 204 when none. An
   * agent's claim answers with its own task: it was claimed for it when it started.
   */
  @POST
  @Path("/claim")
  @Consumes(MediaType.WILDCARD)
  public Response claim(@PathParam("runId") long runId) {
    if (scope.agent().isPresent()) {
      scope.requireOwnRun(runId);
      return Response.ok(tasks.findTask(tenant.slug().orElseThrow(), scope.agent().get().taskId()))
          .build();
    }
    return tasks
        .claimNext(tenant.slug().orElseThrow(), runId)
        .map(t -> Response.ok(t).build())
        .orElse(Response.noContent().build());
  }
}
