package dev.devflow.gateway.tenant;

import java.time.Instant;
import java.util.UUID;

/** A tenant of this installation: one team, one plan, one schema. */
public record Tenant(
    UUID id,
    String slug,
    String name,
    String plan,
    String status,
    String region,
    Instant createdAt) {}
