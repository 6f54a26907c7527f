package dev.devflow.common.auth;

import dev.devflow.common.tenant.TenantSlug;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The one check of the api-gateway's internal tokens, used by every service: signed with the
 * gateway's key, issued by it, not expired, naming a valid tenant, a user and a known role, and
 * living no longer than the gateway ever issues ({@link InternalToken#LIFETIME_SECONDS}): a token
 * that claims a longer life was not made by the gateway.
 */
@ApplicationScoped
public class InternalTokenVerifier {

  /** Leeway for clocks that disagree a little between machines. */
  static final long SKEW_SECONDS = 30;

  /** What a verified token says. */
  public record Verified(
      String tenant, String subject, Role role, List<String> scopes, long expiresAtSeconds) {}

  private final JWTParser parser;

  public InternalTokenVerifier(JWTParser parser) {
    this.parser = parser;
  }

  /** Why a token is refused, in words a caller may read. */
  public static final class InvalidToken extends Exception {
    InvalidToken(String reason) {
      super(reason, null, false, false);
    }
  }

  /** The token's claims, or empty when any check fails. */
  public Optional<Verified> verify(String token) {
    try {
      return Optional.of(require(token));
    } catch (InvalidToken e) {
      return Optional.empty();
    }
  }

  /** The token's claims; {@link InvalidToken} says why not. */
  public Verified require(String token) throws InvalidToken {
    JsonWebToken jwt;
    try {
      jwt = parser.parse(token);
    } catch (ParseException | RuntimeException e) {
      throw new InvalidToken("The internal token is invalid, expired or wrongly signed.");
    }
    String tenant = jwt.getClaim(InternalToken.TENANT_CLAIM);
    Optional<Role> role =
        jwt.getGroups() == null
            ? Optional.empty()
            : jwt.getGroups().stream().map(Role::fromClaim).flatMap(Optional::stream).findFirst();
    long issued = jwt.getIssuedAtTime();
    long expires = jwt.getExpirationTime();
    long now = System.currentTimeMillis() / 1000;
    boolean lifetimeOk =
        issued > 0
            && expires - issued <= InternalToken.LIFETIME_SECONDS
            && issued <= now + SKEW_SECONDS;
    if (!TenantSlug.isValid(tenant)
        || role.isEmpty()
        || jwt.getSubject() == null
        || jwt.getSubject().isBlank()) {
      throw new InvalidToken("The internal token lacks a valid tenant, user or role.");
    }
    if (!lifetimeOk) {
      throw new InvalidToken(
          "The internal token claims a longer life than the api-gateway ever issues.");
    }
    return new Verified(tenant, jwt.getSubject(), role.get(), scopes(jwt), expires);
  }

  private static List<String> scopes(JsonWebToken jwt) {
    Object claim = jwt.getClaim(InternalToken.SCOPES_CLAIM);
    if (claim instanceof JsonArray array) {
      return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }
    if (claim instanceof Collection<?> values) {
      return values.stream().map(v -> String.valueOf(v).replace("\"", "")).toList();
    }
    return List.of();
  }
}
