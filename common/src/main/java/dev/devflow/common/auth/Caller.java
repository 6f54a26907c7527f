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

  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  public Optional<Role> role() {
    return Optional.ofNullable(role);
  }

  void set(String user, Role role) {
    this.user = user;
    this.role = role;
  }

  /** Refuses the request unless the caller may write (viewers may not). */
  public void requireWrite() {
    if (role == null || !role.canWrite()) {
      throw new ProblemException(ProblemType.FORBIDDEN, "Viewers can read but not change data.");
    }
  }
}
