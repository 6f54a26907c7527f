package dev.devflow.integrations.sync;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What to sync from a connection.
 *
 * @param kind {@code github-repo}, {@code jira-project} or {@code confluence-space}
 * @param key {@code owner/repo}, a project key or a space key
 * @param jql optional extra JQL that narrows a Jira project's issues
 */
public record TargetRequest(
    @NotBlank
        @Pattern(
            regexp = "github-repo|jira-project|confluence-space",
            message = "must be github-repo, jira-project or confluence-space")
        String kind,
    @NotBlank
        @Size(max = 200)
        @Pattern(
            regexp = "[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9_.-]+)?",
            message = "must be owner/repo, a project key or a space key")
        String key,
    @Size(max = 1000) String jql) {}
