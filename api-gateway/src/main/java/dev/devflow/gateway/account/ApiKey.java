package dev.devflow.gateway.account;

import java.time.Instant;
import java.util.UUID;

/** An API key as users see it: never its secret, only the prefix that names it. */
public record ApiKey(
    UUID id,
    UUID userId,
    String name,
    String prefix,
    Instant createdAt,
    Instant lastUsedAt,
    Instant expiresAt,
    Instant revokedAt) {}
