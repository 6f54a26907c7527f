package dev.devflow.integrations.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** The workflow engine's task API. Only {@link WorkflowEngineClient} uses it. */
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface WorkflowEngineRestClient {

  @POST
  @Path("/{runId}/tasks")
  JsonNode createTask(
      @HeaderParam("Authorization") String authorization,
      @PathParam("runId") long runId,
      Map<String, Object> task);
}
