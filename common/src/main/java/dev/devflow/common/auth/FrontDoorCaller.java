package dev.devflow.common.auth;

/**
 * A caller the api-gateway has already authenticated in this same process (by API key), handed to
 * its own resources through the request's routing context. Clients cannot set routing-context data,
 * so nothing outside the gateway's code can produce one. The gateway's own caller type implements
 * this, so one object describes the caller from the front door to the resource.
 */
public interface FrontDoorCaller {

  /** The routing-context key the gateway stores the caller under. */
  String KEY = "devflow.front-door-caller";

  /** The tenant's slug, or null for a platform administrator acting on no tenant. */
  String tenant();

  String user();

  Role role();

  boolean platformAdmin();
}
