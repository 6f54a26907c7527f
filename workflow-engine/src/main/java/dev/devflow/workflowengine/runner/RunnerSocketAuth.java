package dev.devflow.workflowengine.runner;

import dev.devflow.common.auth.InternalToken;
import dev.devflow.common.auth.Role;
import dev.devflow.common.config.DevflowConfig;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.common.problem.Problems;
import dev.devflow.common.tenant.TenantSlug;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import org.eclipse.microprofile.jwt.JsonWebToken;

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
  private final JWTParser parser;

  public RunnerSocketAuth(DevflowConfig devflow, JWTParser parser) {
    this.devflow = devflow;
    this.parser = parser;
  }

  Identity identify(HttpServerRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      JsonWebToken jwt;
      try {
        jwt = parser.parse(authorization.substring(7).trim());
      } catch (ParseException e) {
        throw new Refused(
            ProblemType.UNAUTHORIZED, "The internal token is invalid, expired or wrongly signed.");
      }
      String tenant = jwt.getClaim(InternalToken.TENANT_CLAIM);
      boolean writer =
          jwt.getGroups().stream()
              .map(Role::fromClaim)
              .flatMap(java.util.Optional::stream)
              .anyMatch(Role::canWrite);
      if (!TenantSlug.isValid(tenant) || jwt.getSubject() == null) {
        throw new Refused(ProblemType.UNAUTHORIZED, "The internal token lacks a tenant or user.");
      }
      if (!writer || !scopes(jwt).contains(InternalToken.RUNNER_SCOPE)) {
        throw new Refused(
            ProblemType.FORBIDDEN, "Runners connect with an API key scoped to runners.");
      }
      return new Identity(tenant, jwt.getSubject());
    }
    if (!devflow.deploymentMode().isMultiTenant() && fromLoopback(request)) {
      return new Identity(TenantSlug.LOCAL, "local");
    }
    throw new Refused(
        ProblemType.UNAUTHORIZED,
        "Connect runners through the DevFlow api-gateway with a runner key (devflow runner).");
  }

  @SuppressWarnings("unchecked")
  private static Collection<String> scopes(JsonWebToken jwt) {
    Object claim = jwt.getClaim(InternalToken.SCOPES_CLAIM);
    if (claim instanceof Collection<?> c) {
      return c.stream().map(o -> String.valueOf(o).replace("\"", "")).toList();
    }
    if (claim instanceof jakarta.json.JsonArray a) {
      return a.getValuesAs(jakarta.json.JsonString.class).stream()
          .map(jakarta.json.JsonString::getString)
          .toList();
    }
    return java.util.List.of();
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
