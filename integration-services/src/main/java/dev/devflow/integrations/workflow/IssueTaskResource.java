package dev.devflow.integrations.workflow;

import dev.devflow.common.tenant.TenantContext;
import dev.devflow.integrations.connection.Ids;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Turns an issue of a connection into a workflow task. */
@Path("/api/v1/integrations/connections/{id}/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Tasks")
public class IssueTaskResource {

  private final IssueTaskService tasks;
  private final TenantContext tenant;

  public IssueTaskResource(IssueTaskService tasks, TenantContext tenant) {
    this.tasks = tasks;
    this.tenant = tenant;
  }

  /** Issues turned into tasks, with links both ways. */
  @GET
  public java.util.List<Map<String, Object>> listTasks(@PathParam("id") String id) {
    return tasks.listTasks(tenant.slug().orElseThrow(), Ids.parse(id, "connection"));
  }

  /** Creates the task on behalf of the caller (their internal token is forwarded). */
  @POST
  public Response createTask(
      @PathParam("id") String id,
      @HeaderParam("Authorization") String authorization,
      @Valid @NotNull IssueTaskRequest request) {
    Map<String, Object> created =
        tasks.createTask(
            tenant.slug().orElseThrow(), authorization, Ids.parse(id, "connection"), request);
    return Response.created(URI.create("/api/v1/tasks/" + created.get("taskId")))
        .entity(created)
        .build();
  }
}
