package dev.devflow.gateway.auth;

import dev.devflow.common.auth.InternalToken;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Signs the short-lived tokens the gateway forwards to the services. A token is reused for the same
 * caller while it has more than half its life left, so an RSA signature is not paid per request.
 */
@ApplicationScoped
public class InternalTokens {

  private record Minted(String token, long reuseUntilMillis) {}

  private final ConcurrentMap<String, Minted> minted = new ConcurrentHashMap<>();

  /** A bearer token for the caller acting in the tenant. */
  public String forCaller(GatewayCaller caller, String tenantSlug) {
    String key =
        tenantSlug
            + '\u0000'
            + caller.user()
            + '\u0000'
            + caller.role()
            + '\u0000'
            + String.join(",", caller.scopes());
    long now = System.currentTimeMillis();
    Minted current = minted.get(key);
    if (current != null && current.reuseUntilMillis() > now) {
      return current.token();
    }
    var claims =
        Jwt.issuer(InternalToken.ISSUER)
            .subject(caller.user())
            .claim(InternalToken.TENANT_CLAIM, tenantSlug)
            .groups(caller.role().claim());
    if (!caller.scopes().isEmpty()) {
      claims.claim(InternalToken.SCOPES_CLAIM, caller.scopes());
    }
    String token = claims.expiresIn(InternalToken.LIFETIME_SECONDS).sign();
    minted.put(key, new Minted(token, now + InternalToken.LIFETIME_SECONDS * 500));
    return token;
  }
}
