package dev.devflow.common.auth;

import java.util.Optional;

/**
 * Verifies agent tokens; implemented by the service that issues them (the workflow engine). Other
 * services have no implementation and refuse agent tokens presented to them directly.
 */
public interface AgentCredentials {

  /** The live agent a token stands for, or empty when it is unknown, revoked or malformed. */
  Optional<AgentIdentity> verify(String token);
}
