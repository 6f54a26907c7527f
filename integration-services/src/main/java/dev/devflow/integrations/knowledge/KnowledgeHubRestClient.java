package dev.devflow.integrations.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

/** The knowledge hub's upload API. Only {@link KnowledgeHubClient} uses it. */
@Path("/api/v1/sources")
@Produces(MediaType.APPLICATION_JSON)
interface KnowledgeHubRestClient {

  @POST
  @Path("/uploads")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  JsonNode createUploadSource(
      @HeaderParam("Authorization") String authorization, ClientMultipartForm form);

  @POST
  @Path("/{id}/files")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  JsonNode addFiles(
      @HeaderParam("Authorization") String authorization,
      @PathParam("id") String sourceId,
      ClientMultipartForm form);
}
