package dev.devflow.workflowengine.agent;

import jakarta.validation.constraints.Size;

/** A task reported done, with what was done. */
public record CompleteRequest(@Size(max = 20_000) String resultSummary) {}
