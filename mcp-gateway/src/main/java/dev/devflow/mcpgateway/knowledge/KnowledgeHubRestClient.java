package dev.devflow.mcpgateway.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devflow.mcpgateway.upstream.ProblemResponses;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The knowledge-hub's REST API, as far as the MCP tools use it. */
@RegisterRestClient(configKey = "knowledge-hub")
@RegisterProvider(ProblemResponses.class)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
interface KnowledgeHubRestClient {

  String AUTH = "Authorization";

  @GET
  @Path("/search")
  Uni<JsonNode> search(
      @HeaderParam(AUTH) String auth,
      @QueryParam("query") String query,
      @QueryParam("mode") String mode,
      @QueryParam("sourceId") List<String> sourceIds,
      @QueryParam("tag") List<String> tags,
      @QueryParam("limit") Integer limit);

  @GET
  @Path("/code-examples")
  Uni<JsonNode> codeExamples(
      @HeaderParam(AUTH) String auth,
      @QueryParam("query") String query,
      @QueryParam("language") String language,
      @QueryParam("sourceId") List<String> sourceIds,
      @QueryParam("limit") Integer limit);

  @GET
  @Path("/sources")
  Uni<JsonNode> sources(@HeaderParam(AUTH) String auth, @QueryParam("tag") String tag);

  @GET
  @Path("/sources/{id}")
  Uni<JsonNode> source(@HeaderParam(AUTH) String auth, @PathParam("id") String id);

  @POST
  @Path("/sources")
  @Consumes(MediaType.APPLICATION_JSON)
  Uni<JsonNode> createSource(@HeaderParam(AUTH) String auth, JsonNode request);

  @GET
  @Path("/jobs/{id}")
  Uni<JsonNode> job(@HeaderParam(AUTH) String auth, @PathParam("id") String id);

  @GET
  @Path("/documents")
  Uni<JsonNode> documents(
      @HeaderParam(AUTH) String auth,
      @QueryParam("sourceId") String sourceId,
      @QueryParam("url") String url,
      @QueryParam("limit") Integer limit);

  @GET
  @Path("/documents/{id}")
  Uni<JsonNode> document(
      @HeaderParam(AUTH) String auth,
      @PathParam("id") long id,
      @QueryParam("offset") Integer offset,
      @QueryParam("maxChars") Integer maxChars);
}
