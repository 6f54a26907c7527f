package dev.devflow.gateway.account;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An API key as users see it: never its secret, only the prefix that names it, what it is limited
 * to (no scopes: everything its user may do) and when it was last used.
 */
public record ApiKey(
    UUID id,
    UUID userId,
    String name,
    String prefix,
    List<String> scopes,
    Instant createdAt,
    Instant lastUsedAt,
    Instant expiresAt,
    Instant revokedAt) {}
