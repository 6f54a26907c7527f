package dev.devflow.workflowengine.agent;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * Starts an agent of a kind on the given task, or on the run's next ready task; {@code mode}
 * (interactive or headless) overrides the kind's default.
 */
public record SpawnRequest(
    @NotBlank @Pattern(regexp = "[a-z][a-z0-9-]{0,39}", message = "must be a configured agent kind")
        String kind,
    Long taskId,
    @Pattern(regexp = "interactive|headless", message = "must be interactive or headless")
        String mode) {}
