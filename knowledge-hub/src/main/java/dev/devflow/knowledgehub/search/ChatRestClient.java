package dev.devflow.knowledgehub.search;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** The OpenAI-compatible {@code /chat/completions} endpoint; used only by {@link Reranker}. */
interface ChatRestClient {

  @POST
  @Path("/chat/completions")
  CompletionStage<ChatResponse> complete(
      @HeaderParam("Authorization") String authorization, ChatRequest request);

  /** Request body: deterministic, short, JSON out. */
  record ChatRequest(
      String model,
      List<Message> messages,
      double temperature,
      int max_tokens,
      ResponseFormat response_format) {}

  /** One message. */
  record Message(String role, String content) {}

  /** Asks for a JSON object. */
  record ResponseFormat(String type) {}

  /** Response body. */
  record ChatResponse(List<Choice> choices) {}

  /** One choice. */
  record Choice(Message message) {}
}
