package dev.devflow.gateway.auth;

import dev.devflow.common.auth.FrontDoorCaller;
import dev.devflow.common.auth.Role;
import java.util.UUID;

/**
 * Who a request to the gateway comes from, once its API key is resolved.
 *
 * @param tenantId null for a platform administrator
 * @param plan the tenant's plan id, or null for a platform administrator
 */
public record GatewayCaller(
    UUID keyId,
    UUID tenantId,
    String tenantSlug,
    String plan,
    UUID userId,
    String user,
    Role role,
    boolean platformAdmin) {

  /** The caller of local mode: tenant {@code local}, as its admin, with no key. */
  public static GatewayCaller local(UUID localTenantId) {
    return new GatewayCaller(
        null, localTenantId, "local", "enterprise", null, "local", Role.ADMIN, false);
  }

  public FrontDoorCaller frontDoor() {
    return new FrontDoorCaller(tenantSlug, user, role, platformAdmin);
  }
}
