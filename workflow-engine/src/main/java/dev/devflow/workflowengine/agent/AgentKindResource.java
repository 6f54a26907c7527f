package dev.devflow.workflowengine.agent;

import dev.devflow.common.auth.Caller;
import dev.devflow.common.config.DevflowConfig;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.common.tenant.TenantContext;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * The agent kinds (claude-code, opencode...), where each one's program is and whether it can run.
 * In local mode an admin sets a kind's program here; elsewhere the engine never runs programs a
 * tenant names: the operator's configuration or each runner's own options decide.
 */
@Path("/api/v1/agent-kinds")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AgentKindResource {

  private final AgentKinds kinds;
  private final TenantContext tenant;
  private final Caller caller;
  private final DevflowConfig devflow;

  public AgentKindResource(
      AgentKinds kinds, TenantContext tenant, Caller caller, DevflowConfig devflow) {
    this.kinds = kinds;
    this.tenant = tenant;
    this.caller = caller;
    this.devflow = devflow;
  }

  @GET
  public List<AgentKinds.KindView> list() {
    return kinds.list(tenant.slug().orElseThrow());
  }

  @GET
  @Path("/{kind}")
  public AgentKinds.KindView get(@PathParam("kind") String kind) {
    return kinds.view(tenant.slug().orElseThrow(), kind);
  }

  @PUT
  @Path("/{kind}")
  public AgentKinds.KindView update(
      @PathParam("kind") String kind, @Valid @NotNull AgentKindRequest request) {
    caller.requireNotAgent();
    caller.requireTenantAdmin();
    if (devflow.deploymentMode().isMultiTenant()) {
      throw new ProblemException(
          ProblemType.FORBIDDEN,
          "Outside local mode the engine runs no program a tenant names: agents run on your"
              + " runners (devflow runner --program "
              + kind
              + "=/path/to/cli), or the operator configures the engine's.",
          "command");
    }
    return kinds.update(
        tenant.slug().orElseThrow(),
        kind,
        request.command(),
        request.mode(),
        request.env() == null ? Map.of() : request.env(),
        caller.user().orElse(null));
  }
}
