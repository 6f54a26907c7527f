package dev.devflow.integrations.auth;

import dev.devflow.common.auth.InternalToken;
import dev.devflow.common.auth.Role;
import dev.devflow.common.config.DevflowConfig;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Mints the short-lived internal token the api-gateway would forward, for work that has no incoming
 * request (webhook- or schedule-triggered sync): tenant, user, role member, signed with {@code
 * DEVFLOW_JWT_PRIVATE_KEY}. In local mode without a signing key none is needed: the services accept
 * loopback calls as tenant {@code local}.
 */
@ApplicationScoped
public class ServiceTokens {

  private static final Logger LOG = Logger.getLogger(ServiceTokens.class);

  private final boolean multiTenant;

  public ServiceTokens(DevflowConfig devflow) {
    this.multiTenant = devflow.deploymentMode().isMultiTenant();
  }

  /** The Authorization header value for acting as the user in the tenant, or null in local mode. */
  public String header(String tenant, String user) {
    try {
      return "Bearer "
          + Jwt.issuer(InternalToken.ISSUER)
              .subject(user)
              .claim(InternalToken.TENANT_CLAIM, tenant)
              .groups(Role.MEMBER.claim())
              .expiresIn(InternalToken.LIFETIME_SECONDS)
              .sign();
    } catch (RuntimeException e) {
      if (!multiTenant) {
        return null;
      }
      LOG.warnf("Cannot sign internal tokens: %s", e.getMessage());
      throw new ProblemException(
          ProblemType.UNAVAILABLE,
          "integration-services cannot sign internal tokens: set DEVFLOW_JWT_PRIVATE_KEY.");
    }
  }
}
