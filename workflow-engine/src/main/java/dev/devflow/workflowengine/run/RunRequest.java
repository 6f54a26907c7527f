package dev.devflow.workflowengine.run;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Starts a run of a workflow definition on a repository. */
public record RunRequest(
    @NotNull Long workflowId,
    @NotBlank @Size(max = 4096) String repoPath,
    @NotBlank @Size(max = 255) String baseBranch) {}
