package dev.devflow.knowledgehub.source.api;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.tenant.TenantContext;
import dev.devflow.knowledgehub.job.Job;
import dev.devflow.knowledgehub.source.Ids;
import dev.devflow.knowledgehub.source.Source;
import dev.devflow.knowledgehub.source.SourceRequest;
import dev.devflow.knowledgehub.source.SourceUpdate;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Documentation sources: create from a URL, list, show, refresh, cancel, delete. */
@Path("/api/v1/sources")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sources")
public class SourceResource {

  private final SourceService service;
  private final TenantContext tenant;

  public SourceResource(SourceService service, TenantContext tenant) {
    this.service = service;
    this.tenant = tenant;
  }

  private String tenant() {
    return tenant.slug().orElseThrow();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response createSource(@Valid @NotNull SourceRequest request) {
    SourceView view = service.createSource(tenant(), request);
    return Response.created(URI.create("/api/v1/sources/" + view.source().id()))
        .entity(view)
        .build();
  }

  @GET
  public List<Source> listSources(@QueryParam("tag") String tag) {
    return service.listSources(tenant(), tag == null || tag.isBlank() ? null : tag);
  }

  @GET
  @Path("/{id}")
  public SourceView getSource(@PathParam("id") String id) {
    return service
        .view(tenant(), Ids.parse(id, "source"))
        .orElseThrow(() -> ProblemException.notFound("No source " + id + "."));
  }

  @PATCH
  @Path("/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public SourceView updateSource(@PathParam("id") String id, @Valid @NotNull SourceUpdate update) {
    return service.updateSource(tenant(), Ids.parse(id, "source"), update);
  }

  @GET
  @Path("/{id}/jobs")
  public List<Job> listJobs(@PathParam("id") String id) {
    return service.listJobs(tenant(), Ids.parse(id, "source"));
  }

  @POST
  @Path("/{id}/refresh")
  public Response refresh(@PathParam("id") String id) {
    return Response.accepted(service.refresh(tenant(), Ids.parse(id, "source"))).build();
  }

  @POST
  @Path("/{id}/cancel")
  public Response cancel(@PathParam("id") String id) {
    return Response.accepted(service.cancel(tenant(), Ids.parse(id, "source"))).build();
  }

  @DELETE
  @Path("/{id}")
  public Response deleteSource(@PathParam("id") String id) {
    service.deleteSource(tenant(), Ids.parse(id, "source"));
    return Response.noContent().build();
  }
}
