package dev.devflow.gateway.account;

import java.time.Instant;
import java.util.UUID;

/** A member of a tenant, with the role that says what they may do. */
public record User(UUID id, String email, String role, Instant createdAt) {}
