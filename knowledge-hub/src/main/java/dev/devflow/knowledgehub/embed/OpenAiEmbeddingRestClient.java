package dev.devflow.knowledgehub.embed;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.List;

/**
 * The OpenAI-compatible {@code /embeddings} endpoint; used only by {@link OpenAiEmbeddingClient}.
 */
interface OpenAiEmbeddingRestClient {

  @POST
  @Path("/embeddings")
  EmbeddingResponse embed(@HeaderParam("Authorization") String authorization, EmbeddingRequest r);

  /** Request body. */
  record EmbeddingRequest(String model, List<String> input) {}

  /** Response body. */
  record EmbeddingResponse(List<Item> data) {}

  /** One embedding of the response. */
  record Item(int index, float[] embedding) {}
}
