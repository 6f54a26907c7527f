package dev.devflow.gateway.auth;

import dev.devflow.common.auth.FrontDoorCaller;
import dev.devflow.common.auth.Role;
import java.util.List;
import java.util.UUID;

/**
 * Who a request to the gateway comes from, once its API key is resolved.
 *
 * @param tenantId null for a platform administrator
 * @param plan the tenant's plan id, or null for a platform administrator
 * @param scopes what the key is limited to ({@link Scopes}); empty: all its user may do
 */
public record GatewayCaller(
    UUID keyId,
    UUID tenantId,
    String tenantSlug,
    String plan,
    UUID userId,
    String user,
    Role role,
    boolean platformAdmin,
    List<String> scopes) {

  /**
   * Routing-context key the front door stores the caller under. It lives here, not on the front
   * door, so that the gateway's resources can read their caller without depending on the door.
   */
  public static final String KEY = "devflow.gateway-caller";

  public GatewayCaller {
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
  }

  /** A caller whose key carries no scope. */
  public GatewayCaller(
      UUID keyId,
      UUID tenantId,
      String tenantSlug,
      String plan,
      UUID userId,
      String user,
      Role role,
      boolean platformAdmin) {
    this(keyId, tenantId, tenantSlug, plan, userId, user, role, platformAdmin, List.of());
  }

  /** The caller of local mode: tenant {@code local}, as its admin, with no key. */
  public static GatewayCaller local(UUID localTenantId) {
    return new GatewayCaller(
        null, localTenantId, "local", "enterprise", null, "local", Role.ADMIN, false);
  }

  /** An agent acting with its own token in its tenant (a member limited to its work). */
  public static GatewayCaller agent(UUID tenantId, String slug, String plan, long agentId) {
    return new GatewayCaller(
        null,
        tenantId,
        slug,
        plan,
        null,
        "agent:" + agentId,
        Role.MEMBER,
        false,
        List.of(Scopes.AGENT));
  }

  public FrontDoorCaller frontDoor() {
    return new FrontDoorCaller(tenantSlug, user, role, platformAdmin);
  }
}
