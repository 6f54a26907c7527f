package dev.devflow.workflowengine.agent;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.tenant.TenantContext;
import dev.devflow.workflowengine.support.OptionalBody;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Agents: list, inspect, read their pane log, message, stop, restart, cancel. */
@Path("/api/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AgentResource {

  private final AgentService agents;
  private final AgentRepository repository;
  private final PaneLogs logs;
  private final InterventionRepository interventions;
  private final TenantContext tenant;
  private final OptionalBody bodies;

  public AgentResource(
      AgentService agents,
      AgentRepository repository,
      PaneLogs logs,
      InterventionRepository interventions,
      TenantContext tenant,
      OptionalBody bodies) {
    this.bodies = bodies;
    this.agents = agents;
    this.repository = repository;
    this.logs = logs;
    this.interventions = interventions;
    this.tenant = tenant;
  }

  @GET
  public List<Agent> list(@QueryParam("runId") Long runId) {
    return repository.listAgents(tenant(), runId);
  }

  @GET
  @Path("/{id}")
  public Agent get(@PathParam("id") long id) {
    return agents.findAgent(tenant(), id);
  }

  @GET
  @Path("/{id}/log")
  public PaneLog log(
      @PathParam("id") long id,
      @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
      @QueryParam("limit") @DefaultValue("200") @Min(1) @Max(5000) int limit) {
    return logs.page(tenant(), agents.findAgent(tenant(), id), offset, limit);
  }

  @GET
  @Path("/{id}/log/tail")
  public PaneLog tail(
      @PathParam("id") long id,
      @QueryParam("lines") @DefaultValue("50") @Min(1) @Max(5000) int lines) {
    return logs.tail(tenant(), agents.findAgent(tenant(), id), lines);
  }

  @GET
  @Path("/{id}/interventions")
  public List<Intervention> interventions(@PathParam("id") long id) {
    agents.findAgent(tenant(), id);
    return interventions.listByAgent(tenant(), id);
  }

  @POST
  @Path("/{id}/messages")
  public Response message(@PathParam("id") long id, @Valid @NotNull MessageRequest request) {
    agents.message(tenant(), id, request.text());
    return Response.accepted().build();
  }

  @POST
  @Path("/{id}/stop")
  @Consumes(MediaType.WILDCARD)
  public Agent stop(@PathParam("id") long id, String body) {
    ReasonRequest request = bodies.read(body, ReasonRequest.class);
    return agents.stop(tenant(), id, reason(request, "stopped from the API"));
  }

  @POST
  @Path("/{id}/restart")
  @Consumes(MediaType.WILDCARD)
  public Agent restart(@PathParam("id") long id, String body) {
    ReasonRequest request = bodies.read(body, ReasonRequest.class);
    return agents.restart(tenant(), id, reason(request, "restarted from the API"));
  }

  @POST
  @Path("/{id}/cancel")
  @Consumes(MediaType.WILDCARD)
  public Agent cancel(@PathParam("id") long id, String body) {
    ReasonRequest request = bodies.read(body, ReasonRequest.class);
    return agents.cancel(tenant(), id, reason(request, "cancelled from the API"));
  }

  private static String reason(ReasonRequest request, String fallback) {
    return request == null || request.reason() == null || request.reason().isBlank()
        ? fallback
        : request.reason();
  }

  private String tenant() {
    return tenant.slug().orElseThrow(() -> ProblemException.notFound("No tenant."));
  }
}
