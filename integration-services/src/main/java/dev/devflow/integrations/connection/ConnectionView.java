package dev.devflow.integrations.connection;

import java.time.Instant;
import java.util.UUID;

/**
 * A connection as clients see it: never a token or secret, only whether a webhook secret is set and
 * where the provider should send webhooks.
 */
public record ConnectionView(
    UUID id,
    String provider,
    String account,
    String siteUrl,
    String scopes,
    String status,
    Instant tokenExpiresAt,
    String createdBy,
    Instant createdAt,
    String webhookUrl,
    boolean webhookSecretSet) {}
