package dev.devflow.common.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The retry policy of model calls against a real HTTP server on loopback. */
class ModelHttpClientTest {

  /** What the server answers next: status, Retry-After (or null), body. */
  private record Answer(int status, String retryAfter, String body) {}

  private final Deque<Answer> answers = new ConcurrentLinkedDeque<>();
  private final List<Long> arrivals = new ArrayList<>();
  private final List<String> keys = new ArrayList<>();
  private HttpServer server;
  private String url;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/embeddings",
        exchange -> {
          synchronized (arrivals) {
            arrivals.add(System.nanoTime());
            keys.add(exchange.getRequestHeaders().getFirst("Authorization"));
          }
          exchange.getRequestBody().readAllBytes();
          Answer a = answers.isEmpty() ? new Answer(200, null, "{}") : answers.poll();
          if (a.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", a.retryAfter());
          }
          byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(a.status(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/embeddings";
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private SuccessfulHttpResponse call(ModelHttpClient.Retry retry) {
    return ModelHttpClient.builder(retry)
        .readTimeout(Duration.ofSeconds(5))
        .build()
        .execute(
            HttpRequest.builder()
                .method(HttpMethod.POST)
                .url(url)
                .addHeader("Authorization", "Bearer sk-never-shown")
                .addHeader("Content-Type", "application/json")
                .body("{\"input\":[\"x\"]}")
                .build());
  }

  @Test
  void aBusyEndpointIsAskedAgainAfterTheRetryAfterItGives() {
    answers.add(new Answer(429, "1", "slow down"));
    answers.add(new Answer(200, null, "{\"data\":[]}"));
    SuccessfulHttpResponse response = call(new ModelHttpClient.Retry(3, Duration.ofMillis(10)));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"data\":[]}");
    assertThat(arrivals).hasSize(2);
    assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0)))
        .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    assertThat(keys).containsOnly("Bearer sk-never-shown");
  }

  @Test
  void serverErrorsBackOffExponentiallyAndGiveUpAfterTheAttempts() {
    for (int i = 0; i < 3; i++) {
      answers.add(new Answer(503, null, "down"));
    }
    assertThatThrownBy(() -> call(new ModelHttpClient.Retry(3, Duration.ofMillis(100))))
        .isInstanceOf(HttpException.class)
        .hasMessageContaining("HTTP 503 after 3 attempt(s)")
        .satisfies(e -> assertThat(((HttpException) e).statusCode()).isEqualTo(503))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk-never-shown"));
    assertThat(arrivals).hasSize(3);
    assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0)))
        .isGreaterThanOrEqualTo(Duration.ofMillis(90));
    assertThat(Duration.ofNanos(arrivals.get(2) - arrivals.get(1)))
        .as("doubled")
        .isGreaterThanOrEqualTo(Duration.ofMillis(190));
  }

  @Test
  void aClientErrorIsAnsweredAtOnce() {
    answers.add(new Answer(401, null, "{\"error\":\"bad key\"}"));
    assertThatThrownBy(() -> call(new ModelHttpClient.Retry(5, Duration.ofMillis(10))))
        .isInstanceOf(HttpException.class)
        .hasMessageContaining("HTTP 401 after 1 attempt(s): {\"error\":\"bad key\"}");
    assertThat(arrivals).hasSize(1);
    assertThat(ModelHttpClient.reason(new RuntimeException("wrapped", new HttpException(401, "x"))))
        .isEqualTo("HTTP 401 (x)");
  }

  @Test
  void anUnreachableEndpointSaysWhichHost() {
    server.stop(0);
    assertThatThrownBy(() -> call(ModelHttpClient.Retry.NONE))
        .hasMessageContaining("model endpoint 127.0.0.1 unreachable");
  }
}
