package dev.devflow.workflowengine.agent;

import java.time.OffsetDateTime;

/** Something the Guardian did to an agent, and why. */
public record Intervention(
    long id,
    long agentId,
    long taskId,
    String action,
    String detector,
    String reason,
    String message,
    OffsetDateTime createdAt) {}
