package dev.devflow.mcpgateway.access;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Checks the api-gateway's token on /mcp requests. The gateway reuses a token for a caller while it
 * is young, so a verified token is remembered until it expires instead of paying an RSA signature
 * check on every tool call. The upstream services verify it again themselves.
 */
@ApplicationScoped
public class TokenVerifier {

  private static final int MAX_REMEMBERED = 10_000;

  private final JWTParser parser;
  private final ConcurrentMap<String, Long> verifiedUntil = new ConcurrentHashMap<>();

  public TokenVerifier(JWTParser parser) {
    this.parser = parser;
  }

  public boolean isValid(String token) {
    long now = System.currentTimeMillis();
    Long until = verifiedUntil.get(token);
    if (until != null && until > now) {
      return true;
    }
    try {
      JsonWebToken jwt = parser.parse(token);
      if (verifiedUntil.size() >= MAX_REMEMBERED) {
        verifiedUntil.values().removeIf(expiry -> expiry <= now);
      }
      if (verifiedUntil.size() < MAX_REMEMBERED) {
        verifiedUntil.put(token, jwt.getExpirationTime() * 1000);
      }
      return true;
    } catch (ParseException e) {
      return false;
    }
  }
}
