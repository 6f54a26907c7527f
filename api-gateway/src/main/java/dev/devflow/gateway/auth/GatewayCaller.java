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
    List<String> scopes)
    implements FrontDoorCaller {

  /**
   * Routing-context key the front door stores the caller under: common's, so that the internal auth
   * filter of the gateway's own resources reads this same object.
   */
  public static final String KEY = FrontDoorCaller.KEY;

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

  /** The gateway itself, acting as a tenant's admin towards the services (migrations, checks). */
  public static GatewayCaller gateway(UUID tenantId, String slug) {
    return new GatewayCaller(
        null, tenantId, slug, null, null, "devflow-gateway", Role.ADMIN, false);
  }

  @Override
  public String tenant() {
    return tenantSlug;
  }
}
