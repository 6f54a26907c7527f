package dev.devflow.knowledgehub.search;

import dev.devflow.common.tenant.TenantContext;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Hybrid, semantic and keyword search over a tenant's chunks, and code example search. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Search")
public class SearchResource {

  private final SearchService service;
  private final TenantContext tenant;

  public SearchResource(SearchService service, TenantContext tenant) {
    this.service = service;
    this.tenant = tenant;
  }

  @GET
  @Path("/search")
  public SearchResult search(
      @QueryParam("query") String query,
      @QueryParam("mode") String mode,
      @QueryParam("sourceId") List<String> sourceIds,
      @QueryParam("tag") List<String> tags,
      @QueryParam("limit") String limit,
      @QueryParam("results") String results) {
    return service.search(
        tenant.slug().orElseThrow(),
        new SearchRequest(query, mode, sourceIds, tags, number(limit), results));
  }

  @POST
  @Path("/search")
  @Consumes(MediaType.APPLICATION_JSON)
  public SearchResult searchPost(@NotNull SearchRequest request) {
    return service.search(tenant.slug().orElseThrow(), request);
  }

  @GET
  @Path("/code-examples")
  public List<SearchIndex.CodeHit> searchCode(
      @QueryParam("query") String query,
      @QueryParam("language") String language,
      @QueryParam("sourceId") List<String> sourceIds,
      @QueryParam("limit") String limit) {
    return service.searchCode(
        tenant.slug().orElseThrow(), query, language, sourceIds, number(limit));
  }

  private static Integer number(String limit) {
    if (limit == null || limit.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(limit.strip());
    } catch (NumberFormatException e) {
      throw dev.devflow.common.problem.ProblemException.invalid(
          "limit", "Limit must be a whole number between 1 and 50, not '" + limit + "'.");
    }
  }
}
