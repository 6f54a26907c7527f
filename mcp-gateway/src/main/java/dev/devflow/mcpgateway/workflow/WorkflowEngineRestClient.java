package dev.devflow.mcpgateway.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devflow.mcpgateway.upstream.ProblemResponses;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The workflow-engine's REST API, as far as the MCP tools use it. */
@RegisterRestClient(configKey = "workflow-engine")
@RegisterProvider(ProblemResponses.class)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface WorkflowEngineRestClient {

  String AUTH = "Authorization";
  String AGENT = dev.devflow.common.auth.AgentIdentity.TOKEN_HEADER;

  @GET
  @Path("/workflows")
  Uni<JsonNode> workflows(@HeaderParam(AUTH) String auth, @HeaderParam(AGENT) String agent);

  @GET
  @Path("/runs")
  Uni<JsonNode> runs(@HeaderParam(AUTH) String auth, @HeaderParam(AGENT) String agent);

  @GET
  @Path("/runs/{id}/phase")
  Uni<JsonNode> currentPhase(
      @HeaderParam(AUTH) String auth,
      @HeaderParam(AGENT) String agent,
      @PathParam("id") long runId);

  @GET
  @Path("/runs/{id}/tasks")
  Uni<JsonNode> tasks(
      @HeaderParam(AUTH) String auth,
      @HeaderParam(AGENT) String agent,
      @PathParam("id") long runId,
      @QueryParam("status") String status);

  @POST
  @Path("/runs/{id}/tasks")
  Uni<JsonNode> createTask(
      @HeaderParam(AUTH) String auth,
      @HeaderParam(AGENT) String agent,
      @PathParam("id") long runId,
      JsonNode request);

  /** 200 with the claimed task, or 204 when nothing is claimable. */
  @POST
  @Path("/runs/{id}/tasks/claim")
  Uni<Response> claimNext(
      @HeaderParam(AUTH) String auth,
      @HeaderParam(AGENT) String agent,
      @PathParam("id") long runId);

  @GET
  @Path("/tasks/{id}")
  Uni<JsonNode> task(
      @HeaderParam(AUTH) String auth,
      @HeaderParam(AGENT) String agent,
      @PathParam("id") long taskId);

  @PATCH
  @Path("/tasks/{id}/status")
  Uni<JsonNode> updateStatus(
      @HeaderParam(AUTH) String auth,
      @HeaderParam(AGENT) String agent,
      @PathParam("id") long taskId,
      JsonNode request);

  @POST
  @Path("/tasks/{id}/progress")
  Uni<JsonNode> progress(
      @HeaderParam(AUTH) String auth,
      @HeaderParam(AGENT) String agent,
      @PathParam("id") long taskId,
      JsonNode request);

  @POST
  @Path("/tasks/{id}/complete")
  Uni<JsonNode> complete(
      @HeaderParam(AUTH) String auth,
      @HeaderParam(AGENT) String agent,
      @PathParam("id") long taskId,
      JsonNode request);
}
