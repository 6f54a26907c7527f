package dev.devflow.mcpgateway.access;

import dev.devflow.common.auth.InternalTokenVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Checks the api-gateway's token on /mcp requests with the fleet's one verifier (signature, issuer,
 * expiry, tenant, user, role, lifetime). The gateway reuses a token for a caller while it is young,
 * so a verified token is remembered until it expires instead of paying an RSA signature check on
 * every tool call. The upstream services verify it again themselves.
 */
@ApplicationScoped
public class TokenVerifier {

  private static final int MAX_REMEMBERED = 10_000;

  private final InternalTokenVerifier verifier;
  private final ConcurrentMap<String, InternalTokenVerifier.Verified> verified =
      new ConcurrentHashMap<>();

  public TokenVerifier(InternalTokenVerifier verifier) {
    this.verifier = verifier;
  }

  public boolean isValid(String token) {
    return caller(token).isPresent();
  }

  /** Who the token is for (tenant, user), when it is valid. */
  public Optional<InternalTokenVerifier.Verified> caller(String token) {
    long now = System.currentTimeMillis() / 1000;
    InternalTokenVerifier.Verified known = verified.get(token);
    if (known != null && known.expiresAtSeconds() > now) {
      return Optional.of(known);
    }
    Optional<InternalTokenVerifier.Verified> checked = verifier.verify(token);
    checked.ifPresent(
        v -> {
          if (verified.size() >= MAX_REMEMBERED) {
            verified.values().removeIf(e -> e.expiresAtSeconds() <= now);
          }
          if (verified.size() < MAX_REMEMBERED) {
            verified.put(token, v);
          }
        });
    return checked;
  }
}
