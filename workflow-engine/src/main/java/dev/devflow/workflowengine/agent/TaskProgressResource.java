package dev.devflow.workflowengine.agent;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.tenant.TenantContext;
import dev.devflow.workflowengine.support.OptionalBody;
import dev.devflow.workflowengine.task.AgentScope;
import dev.devflow.workflowengine.task.ProgressRequest;
import dev.devflow.workflowengine.task.StatusRequest;
import dev.devflow.workflowengine.task.Task;
import dev.devflow.workflowengine.task.TaskService;
import dev.devflow.workflowengine.task.TaskStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** One task: read it, move its status, report it done (which merges its agent's branch). */
@Path("/api/v1/tasks/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TaskProgressResource {

  private final TaskService tasks;
  private final TaskReports reports;
  private final InterventionRepository interventions;
  private final TenantContext tenant;
  private final OptionalBody bodies;
  private final AgentScope scope;

  public TaskProgressResource(
      TaskService tasks,
      TaskReports reports,
      InterventionRepository interventions,
      TenantContext tenant,
      OptionalBody bodies,
      AgentScope scope) {
    this.scope = scope;
    this.bodies = bodies;
    this.tasks = tasks;
    this.reports = reports;
    this.interventions = interventions;
    this.tenant = tenant;
  }

  @GET
  public Task get(@PathParam("id") long id) {
    return tasks.findTask(tenant(), id);
  }

  /** Moves the task along the transition table; {@code done} merges like {@code /complete}. */
  @PATCH
  @Path("/status")
  public Task status(@PathParam("id") long id, @Valid @NotNull StatusRequest request) {
    scope.requireOwnTask(id);
    TaskStatus target =
        TaskStatus.parse(request.status())
            .orElseThrow(
                () ->
                    ProblemException.invalid(
                        "status",
                        "Unknown status '"
                            + request.status()
                            + "'; one of queued, assigned, running, blocked, review, done, failed,"
                            + " cancelled."));
    return reports.move(tenant(), id, target, request);
  }

  /** A progress note, announced as an event to the dashboard and the activity feed. */
  @POST
  @Path("/progress")
  public Response progress(@PathParam("id") long id, @Valid @NotNull ProgressRequest request) {
    scope.requireOwnTask(id);
    tasks.reportProgress(tenant(), id, request);
    return Response.accepted(Map.of("taskId", id, "message", request.message())).build();
  }

  /** The agent (or a person) reports the task done with a summary. */
  @POST
  @Path("/complete")
  @Consumes(MediaType.WILDCARD)
  public Task complete(@PathParam("id") long id, String body) {
    scope.requireOwnTask(id);
    CompleteRequest request = bodies.read(body, CompleteRequest.class);
    return reports.complete(tenant(), id, request == null ? null : request.resultSummary());
  }

  @GET
  @Path("/interventions")
  public List<Intervention> interventions(@PathParam("id") long id) {
    tasks.findTask(tenant(), id);
    return interventions.listByTask(tenant(), id);
  }

  private String tenant() {
    return tenant.slug().orElseThrow();
  }
}
