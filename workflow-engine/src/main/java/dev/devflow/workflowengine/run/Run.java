package dev.devflow.workflowengine.run;

import java.time.OffsetDateTime;

/** A workflow definition version bound to a git repository and base branch. */
public record Run(
    long id,
    long workflowId,
    String workflowName,
    int workflowVersion,
    String repoPath,
    String baseBranch,
    String status,
    OffsetDateTime createdAt) {}
