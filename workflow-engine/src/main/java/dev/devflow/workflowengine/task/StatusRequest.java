package dev.devflow.workflowengine.task;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A status change, with the result summary when an agent reports its work. */
public record StatusRequest(
    @NotBlank String status,
    @Size(max = 20_000) String resultSummary,
    @Size(max = 2_000) String reason) {}
