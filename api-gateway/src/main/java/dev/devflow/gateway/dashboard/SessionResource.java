package dev.devflow.gateway.dashboard;

import dev.devflow.common.config.DevflowConfig;
import dev.devflow.gateway.auth.CurrentCaller;
import dev.devflow.gateway.auth.GatewayCaller;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;

/**
 * {@code GET /api/v1/me}: who the caller is, so the dashboard knows whether to ask for a key (local
 * mode needs none), which tenant to name, and whether to offer write actions.
 */
@Path("/api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

  /** The answer; never the key itself. */
  public record Session(
      String mode, String tenant, String plan, String user, String role, boolean platformAdmin) {}

  private final CurrentCaller caller;
  private final String mode;

  @Inject
  public SessionResource(CurrentCaller caller, DevflowConfig devflow) {
    this.caller = caller;
    this.mode = devflow.deploymentMode().name().toLowerCase(Locale.ROOT);
  }

  @GET
  public Session me() {
    GatewayCaller c = caller.get();
    String role =
        c.role() == null
            ? (c.platformAdmin() ? "admin" : "viewer")
            : c.role().name().toLowerCase(Locale.ROOT);
    return new Session(mode, c.tenantSlug(), c.plan(), c.user(), role, c.platformAdmin());
  }
}
