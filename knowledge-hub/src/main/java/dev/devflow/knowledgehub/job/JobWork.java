package dev.devflow.knowledgehub.job;

import dev.devflow.knowledgehub.source.Source;
import java.util.Set;
import java.util.UUID;

/**
 * What a job of some kind does once it runs: crawl a site, or embed uploaded files. The crawl and
 * upload packages implement it and build on this one, so {@link JobRunner} schedules their jobs
 * without depending on either.
 */
public interface JobWork {

  /** The job kinds this work runs (crawl and refresh, or upload). */
  Set<String> kinds();

  /** Runs (or resumes) the job to its end; returns the final status. */
  String run(String tenant, UUID jobId, Source source);
}
