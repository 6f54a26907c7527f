package dev.devflow.workflowengine.run;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Starts a run of a workflow definition on a repository: {@code repoPath}, a path on the engine's
 * machine (local mode, or inside the tenant's own root), or {@code repository}, the name under
 * which a runner announced a checkout on a developer's machine. Exactly one of them.
 */
public record RunRequest(
    @NotNull Long workflowId,
    @Size(min = 1, max = 4096) String repoPath,
    @Size(min = 1, max = 200)
        @Pattern(
            regexp = "[A-Za-z0-9._/-]{1,200}",
            message = "must be a repository name a runner announced (letters, digits, . _ / -)")
        String repository,
    @NotBlank @Size(max = 255) String baseBranch) {}
