package dev.devflow.knowledgehub.source.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.devflow.knowledgehub.job.Job;
import dev.devflow.knowledgehub.job.JobError;
import dev.devflow.knowledgehub.source.Source;
import java.util.List;

/**
 * A source as shown to clients: its fields, its latest job and that job's errors.
 *
 * @param latestJob null for a source with no job yet
 */
public record SourceView(@JsonUnwrapped Source source, Job latestJob, List<JobError> errors) {}
