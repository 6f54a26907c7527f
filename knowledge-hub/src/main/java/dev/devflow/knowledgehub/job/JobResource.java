package dev.devflow.knowledgehub.job;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.tenant.TenantContext;
import dev.devflow.knowledgehub.source.Ids;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Ingestion jobs: progress and per-page errors. */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Jobs")
public class JobResource {

  /** A job with its errors. */
  public record JobView(
      @com.fasterxml.jackson.annotation.JsonUnwrapped Job job, List<JobError> errors) {}

  private final JobRepository jobs;
  private final TenantContext tenant;

  public JobResource(JobRepository jobs, TenantContext tenant) {
    this.jobs = jobs;
    this.tenant = tenant;
  }

  @GET
  @Path("/{id}")
  public JobView getJob(@PathParam("id") String id) {
    String t = tenant.slug().orElseThrow();
    Job job =
        jobs.findJobById(t, Ids.parse(id, "job"))
            .orElseThrow(() -> ProblemException.notFound("No job " + id + "."));
    return new JobView(job, jobs.listErrors(t, job.id()));
  }
}
