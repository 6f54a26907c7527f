package dev.devflow.integrations.connection;

import dev.devflow.integrations.provider.Provider;
import java.time.Instant;
import java.util.UUID;

/**
 * A tenant's connection to a provider as stored: the token columns hold ciphertext only. Never
 * serialised to clients ({@link ConnectionView} is).
 *
 * @param siteId Atlassian cloud id (null for GitHub)
 * @param expiresAt when the access token expires (null: it does not)
 */
public record Connection(
    UUID id,
    Provider provider,
    String createdBy,
    String account,
    String siteId,
    String siteUrl,
    String scopes,
    String accessToken,
    String refreshToken,
    Instant expiresAt,
    String webhookSecret,
    String status,
    Instant createdAt) {

  /** Status of a connection whose tokens work. */
  public static final String ACTIVE = "active";

  /** Status of a connection whose tokens the provider refused: the user must connect again. */
  public static final String REAUTHORIZE = "reauthorize";
}
