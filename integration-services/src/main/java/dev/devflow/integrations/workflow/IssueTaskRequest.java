package dev.devflow.integrations.workflow;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Turns an issue into a task of a workflow run.
 *
 * @param issue {@code owner/repo#12} for GitHub, {@code PROJ-12} for Jira
 */
public record IssueTaskRequest(
    @NotBlank @Size(max = 300) String issue,
    @NotNull @Min(1) Long runId,
    @NotBlank @Size(max = 200) String phase,
    @Min(-1000) @Max(1000) Integer priority) {}
