package dev.devflow.integrations.tokens;

import java.time.Instant;

/**
 * Tokens a provider issued. Plain text: lives only in memory between the provider and the cipher.
 *
 * @param refreshToken null when the provider issues none
 * @param expiresAt null when the access token does not expire
 */
public record TokenSet(String accessToken, String refreshToken, Instant expiresAt, String scopes) {

  @Override
  public String toString() {
    return "TokenSet[expiresAt=" + expiresAt + ", scopes=" + scopes + "]";
  }
}
