package dev.devflow.workflowengine.agent;

import jakarta.validation.constraints.Size;

/** Why a person stops, restarts or cancels an agent (optional). */
public record ReasonRequest(@Size(max = 2000) String reason) {}
