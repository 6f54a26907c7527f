package dev.devflow.workflowengine.workflow;

import dev.devflow.common.tenant.TenantContext;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** Workflow definitions: create, read, version, retire. */
@Path("/api/v1/workflows")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DefinitionResource {

  private final DefinitionService definitions;
  private final TenantContext tenant;

  public DefinitionResource(DefinitionService definitions, TenantContext tenant) {
    this.definitions = definitions;
    this.tenant = tenant;
  }

  @POST
  public Response create(@Valid @NotNull DefinitionRequest request) {
    Definition created = definitions.createDefinition(tenant(), request);
    return Response.created(URI.create("/api/v1/workflows/" + created.id()))
        .entity(created)
        .build();
  }

  @GET
  public List<Definition> list() {
    return definitions.listDefinitions(tenant());
  }

  @GET
  @Path("/{id}")
  public Definition get(@PathParam("id") long id) {
    return definitions
        .findDefinitionById(tenant(), id)
        .orElseThrow(() -> DefinitionService.notFound(id));
  }

  @GET
  @Path("/{id}/versions")
  public List<Definition> versions(@PathParam("id") long id) {
    return definitions.listVersions(tenant(), id);
  }

  /** Stores the body as the workflow's next version. */
  @PUT
  @Path("/{id}")
  public Definition update(@PathParam("id") long id, @Valid @NotNull DefinitionRequest request) {
    return definitions.updateDefinition(tenant(), id, request);
  }

  @DELETE
  @Path("/{id}")
  public Response delete(@PathParam("id") long id) {
    definitions.deleteDefinition(tenant(), id);
    return Response.noContent().build();
  }

  private String tenant() {
    return tenant.slug().orElseThrow();
  }
}
