package dev.devflow.workflowengine.task;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A progress note on a task, with how far along it is when the reporter knows. */
public record ProgressRequest(
    @NotBlank @Size(max = 2_000) String message, @Min(0) @Max(100) Integer percent) {}
