package dev.devflow.gateway.auth;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** The {@link GatewayCaller} of the current request, for the gateway's own resources. */
@RequestScoped
public class CurrentCaller {

  private final CurrentVertxRequest request;

  @Inject
  public CurrentCaller(CurrentVertxRequest request) {
    this.request = request;
  }

  public GatewayCaller get() {
    GatewayCaller caller = request.getCurrent().get(GatewayCaller.KEY);
    if (caller == null) {
      throw new ProblemException(ProblemType.UNAUTHORIZED, "Send your DevFlow API key.");
    }
    return caller;
  }

  /** The caller, who must act within a tenant (not as a platform administrator). */
  public GatewayCaller inTenant() {
    GatewayCaller caller = get();
    if (caller.tenantId() == null) {
      throw new ProblemException(
          ProblemType.BAD_REQUEST,
          "A platform administrator's key acts on no tenant; use /api/v1/tenants, or a tenant"
              + " admin's key.");
    }
    return caller;
  }
}
