package dev.devflow.knowledgehub.job;

import java.time.OffsetDateTime;

/** A page or file a job could not ingest, and why. */
public record JobError(String url, String message, OffsetDateTime at) {}
