package dev.devflow.workflowengine.agent;

import dev.devflow.common.auth.AgentIdentity;
import dev.devflow.common.auth.Caller;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.common.tenant.TenantContext;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Lets the api-gateway learn which live agent a presented agent token stands for, before it admits
 * the agent's request (MCP calls, reports). Only the gateway's token for the tenant the token names
 * may ask; the gateway never routes {@code /internal} paths from clients.
 */
@Path("/internal/agent-tokens/verify")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AgentTokenResource {

  /** The token to check. */
  public record VerifyRequest(@NotBlank @Size(max = 200) String token) {}

  private final AgentTokens tokens;
  private final TenantContext tenant;
  private final Caller caller;

  public AgentTokenResource(AgentTokens tokens, TenantContext tenant, Caller caller) {
    this.tokens = tokens;
    this.tenant = tenant;
    this.caller = caller;
  }

  @POST
  public AgentIdentity verify(@Valid @NotNull VerifyRequest request) {
    caller.requireNotAgent();
    caller.requireTenantAdmin();
    return tokens
        .verify(request.token())
        .filter(a -> a.tenant().equals(tenant.slug().orElse(null)))
        .orElseThrow(
            () ->
                new ProblemException(
                    ProblemType.UNAUTHORIZED, "The agent token is unknown or revoked."));
  }
}
