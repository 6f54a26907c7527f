package dev.devflow.workflowengine.guardian;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** The OpenAI chat completions API as AOSentry speaks it; only {@link AosentryClient} uses it. */
@Path("/chat/completions")
interface AosentryRestClient {

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  ChatResponse complete(@HeaderParam("Authorization") String authorization, ChatRequest request);

  /** A chat completion request. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ChatRequest(
      String model,
      List<Message> messages,
      double temperature,
      @JsonProperty("response_format") Map<String, String> responseFormat) {}

  /** One chat message. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Message(String role, String content) {}

  /** The parts of a chat completion response the Guardian reads. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ChatResponse(List<Choice> choices) {}

  /** One choice. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Choice(Message message) {}
}
