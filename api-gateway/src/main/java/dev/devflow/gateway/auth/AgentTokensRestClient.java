package dev.devflow.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** The workflow engine's internal endpoint that says which live agent a token stands for. */
@Path("/internal/agent-tokens/verify")
interface AgentTokensRestClient {

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  JsonNode verify(@HeaderParam("Authorization") String authorization, Map<String, String> body);
}
