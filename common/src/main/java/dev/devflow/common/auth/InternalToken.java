package dev.devflow.common.auth;

/**
 * The claims of the short-lived token the api-gateway signs for every request it forwards. Services
 * trust nothing else about who is calling.
 */
public final class InternalToken {

  /** Issuer of every internal token. */
  public static final String ISSUER = "devflow-gateway";

  /** Claim naming the tenant's slug. */
  public static final String TENANT_CLAIM = "tenant";

  /** Claim listing the scopes of the API key behind the request (read-only, mcp, runner). */
  public static final String SCOPES_CLAIM = "scopes";

  /** The scope of keys that may connect runners. */
  public static final String RUNNER_SCOPE = "runner";

  /** How long an internal token lives: one forwarded request, with room for clock skew. */
  public static final long LIFETIME_SECONDS = 60;

  private InternalToken() {}
}
