package dev.devflow.common.auth;

/**
 * A caller the api-gateway has already authenticated in this same process (by API key), handed to
 * its own resources through the request's routing context. Clients cannot set routing-context data,
 * so nothing outside the gateway's code can produce one.
 *
 * @param tenant the tenant's slug, or null for a platform administrator acting on no tenant
 */
public record FrontDoorCaller(String tenant, String user, Role role, boolean platformAdmin) {

  /** The routing-context key the gateway stores the caller under. */
  public static final String KEY = "devflow.front-door-caller";
}
