package dev.devflow.knowledgehub.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Puts an embeddings response's items in the order of their {@code index} before LangChain4j reads
 * them: the API numbers each vector by the input it belongs to, and LangChain4j takes them in the
 * order they come, so a gateway that answers out of order would pair texts with other texts'
 * vectors. Everything else passes through unchanged.
 */
final class IndexOrder implements HttpClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient delegate;

  private IndexOrder(HttpClient delegate) {
    this.delegate = delegate;
  }

  /** A builder of this client around the one {@code builder} makes. */
  static HttpClientBuilder around(HttpClientBuilder builder) {
    return new HttpClientBuilder() {
      @Override
      public Duration connectTimeout() {
        return builder.connectTimeout();
      }

      @Override
      public HttpClientBuilder connectTimeout(Duration timeout) {
        builder.connectTimeout(timeout);
        return this;
      }

      @Override
      public Duration readTimeout() {
        return builder.readTimeout();
      }

      @Override
      public HttpClientBuilder readTimeout(Duration timeout) {
        builder.readTimeout(timeout);
        return this;
      }

      @Override
      public HttpClient build() {
        return new IndexOrder(builder.build());
      }
    };
  }

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    SuccessfulHttpResponse response = delegate.execute(request);
    String body = response.body();
    if (body == null || !body.contains("\"index\"")) {
      return response;
    }
    try {
      JsonNode root = JSON.readTree(body);
      if (!(root instanceof ObjectNode object) || !(root.get("data") instanceof ArrayNode data)) {
        return response;
      }
      List<JsonNode> items = new ArrayList<>();
      data.forEach(items::add);
      items.sort(Comparator.comparingInt(item -> item.path("index").asInt(Integer.MAX_VALUE)));
      object.set("data", JSON.createArrayNode().addAll(items));
      return SuccessfulHttpResponse.builder()
          .statusCode(response.statusCode())
          .headers(response.headers())
          .body(JSON.writeValueAsString(object))
          .build();
    } catch (java.io.IOException e) {
      return response; // not JSON: LangChain4j reports it
    }
  }

  @Override
  public void execute(
      HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    delegate.execute(request, parser, listener);
  }
}
