package dev.devflow.gateway.auth;

import dev.devflow.gateway.db.ControlDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.util.UUID;

/**
 * Tells every gateway replica that a tenant or key changed, so cached keys are dropped at once:
 * evicts here, and announces on {@code devflow_control} for the others.
 */
@ApplicationScoped
public class ControlNotices {

  /** The channel replicas listen on. */
  public static final String CHANNEL = "devflow_control";

  private final Authenticator authenticator;
  private final AgentTokenAuthenticator agents;
  private final ControlDatabase db;

  @Inject
  public ControlNotices(
      Authenticator authenticator, AgentTokenAuthenticator agents, ControlDatabase db) {
    this.authenticator = authenticator;
    this.agents = agents;
    this.db = db;
  }

  public void tenantChanged(UUID tenantId) {
    authenticator.evictTenant(tenantId);
    agents.evictTenant(tenantId);
    announce("tenant:" + tenantId);
  }

  public void keyChanged(UUID keyId) {
    authenticator.evictKey(keyId);
    announce("key:" + keyId);
  }

  /** Applies a notice received from another replica. */
  public void received(String payload) {
    if (payload.startsWith("tenant:")) {
      authenticator.evictTenant(UUID.fromString(payload.substring(7)));
      agents.evictTenant(UUID.fromString(payload.substring(7)));
    } else if (payload.startsWith("key:")) {
      authenticator.evictKey(UUID.fromString(payload.substring(4)));
    }
  }

  private void announce(String payload) {
    db.asOwner(
        c -> {
          try (PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            s.setString(1, CHANNEL);
            s.setString(2, payload);
            s.execute();
          }
          return null;
        });
  }
}
