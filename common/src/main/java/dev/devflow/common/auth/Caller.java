package dev.devflow.common.auth;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/** Who the current request acts as: the user and role from the gateway's token. */
@RequestScoped
public class Caller {

  private String user;
  private Role role;
  private boolean platformAdmin;
  private AgentIdentity agent;

  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  public Optional<Role> role() {
    return Optional.ofNullable(role);
  }

  /** The agent this request comes from, when it carries an agent's own token. */
  public Optional<AgentIdentity> agent() {
    return Optional.ofNullable(agent);
  }

  void actAsAgent(AgentIdentity agent) {
    this.agent = agent;
  }

  /** Whether the caller administers the whole installation (tenants, plans). */
  public boolean isPlatformAdmin() {
    return platformAdmin;
  }

  void set(String user, Role role, boolean platformAdmin) {
    this.user = user;
    this.role = role;
    this.platformAdmin = platformAdmin;
  }

  /** Refuses the request when it comes from an agent: agents may not do this. */
  public void requireNotAgent() {
    if (agent != null) {
      throw new ProblemException(
          ProblemType.FORBIDDEN, "An agent's token cannot do this; it works only on its own task.");
    }
  }

  /** Refuses the request unless the caller administers the installation. */
  public void requirePlatformAdmin() {
    if (!platformAdmin) {
      throw new ProblemException(
          ProblemType.FORBIDDEN, "Only a platform administrator may do this.");
    }
  }

  /** Refuses the request unless the caller is an admin of their tenant (or of the platform). */
  public void requireTenantAdmin() {
    if (!platformAdmin && role != Role.ADMIN) {
      throw new ProblemException(ProblemType.FORBIDDEN, "Only a tenant admin may do this.");
    }
  }

  /** Refuses the request unless the caller may write (viewers may not). */
  public void requireWrite() {
    if (role == null || !role.canWrite()) {
      throw new ProblemException(ProblemType.FORBIDDEN, "Viewers can read but not change data.");
    }
  }
}
