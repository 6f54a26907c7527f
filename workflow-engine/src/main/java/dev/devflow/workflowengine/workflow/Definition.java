package dev.devflow.workflowengine.workflow;

import java.time.OffsetDateTime;

/** One stored version of a workflow definition. */
public record Definition(
    long id,
    String name,
    int version,
    String format,
    String source,
    WorkflowModel model,
    OffsetDateTime createdAt) {}
