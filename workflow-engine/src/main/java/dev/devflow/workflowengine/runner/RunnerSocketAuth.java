package dev.devflow.workflowengine.runner;

import dev.devflow.common.auth.InternalToken;
import dev.devflow.common.auth.InternalTokenVerifier;
import dev.devflow.common.config.DevflowConfig;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.common.problem.Problems;
import dev.devflow.common.tenant.TenantSlug;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who opens a runner connection: outside local mode the api-gateway's token for a key scoped to
 * runners (the gateway admits only such keys here, and names the scope in its token); in local mode
 * a loopback caller, as tenant {@code local}.
 */
@ApplicationScoped
public class RunnerSocketAuth {

  /** The caller of a runner connection. */
  public record Identity(String tenant, String user) {}

  /** Why a connection is refused, as a status and a problem document. */
  public static final class Refused extends RuntimeException {
    private final ProblemType type;

    Refused(ProblemType type, String detail) {
      super(detail, null, false, false);
      this.type = type;
    }

    int status() {
      return type.status();
    }

    String problem(String instance) {
      return Problems.json(type, getMessage(), instance);
    }
  }

  private final DevflowConfig devflow;
  private final InternalTokenVerifier verifier;

  public RunnerSocketAuth(DevflowConfig devflow, InternalTokenVerifier verifier) {
    this.devflow = devflow;
    this.verifier = verifier;
  }

  Identity identify(HttpServerRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      InternalTokenVerifier.Verified token;
      try {
        token = verifier.require(authorization.substring(7).trim());
      } catch (InternalTokenVerifier.InvalidToken e) {
        throw new Refused(ProblemType.UNAUTHORIZED, e.getMessage());
      }
      if (!token.role().canWrite() || !token.scopes().contains(InternalToken.RUNNER_SCOPE)) {
        throw new Refused(
            ProblemType.FORBIDDEN, "Runners connect with an API key scoped to runners.");
      }
      return new Identity(token.tenant(), token.subject());
    }
    if (!devflow.deploymentMode().isMultiTenant() && fromLoopback(request)) {
      return new Identity(TenantSlug.LOCAL, "local");
    }
    throw new Refused(
        ProblemType.UNAUTHORIZED,
        "Connect runners through the DevFlow api-gateway with a runner key (devflow runner).");
  }

  private static boolean fromLoopback(HttpServerRequest request) {
    if (request.remoteAddress() == null || request.remoteAddress().host() == null) {
      return false;
    }
    try {
      return InetAddress.getByName(request.remoteAddress().host()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
