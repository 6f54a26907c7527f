package dev.devflow.workflowengine.task;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** A task added to a run's phase by a person or an agent. */
public record TaskRequest(
    @NotBlank @Size(max = 500) String title,
    @Size(max = 20_000) String description,
    @NotBlank @Size(max = 200) String phase,
    @Min(-1000) @Max(1000) Integer priority,
    @Size(max = 100) List<@NotNull Long> dependsOn) {}
