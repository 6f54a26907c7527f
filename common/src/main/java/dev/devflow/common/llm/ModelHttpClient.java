package dev.devflow.common.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The HTTP client DevFlow gives LangChain4j's model clients (embeddings, the Guardian's judgements,
 * reranking): answers 429 and 5xx are retried with exponential backoff, honouring a Retry-After in
 * seconds (up to a minute), while any other 4xx is answered at once. LangChain4j's own retry is
 * turned off where this client is used ({@code maxRetries(0)}): it reads no Retry-After and retries
 * client errors too. Requests and headers (the API key) are never logged.
 */
public final class ModelHttpClient implements HttpClient {

  private static final Duration LONGEST_WAIT = Duration.ofSeconds(60);

  private final java.net.http.HttpClient http;
  private final JdkHttpClient streaming;
  private final Duration readTimeout;
  private final Retry retry;

  /** How often and how patiently a request is retried: attempts in all, first pause. */
  public record Retry(int maxAttempts, Duration initialBackoff) {

    /** One attempt: for calls whose caller has a deadline of its own (search reranking). */
    public static final Retry NONE = new Retry(1, Duration.ZERO);

    public Retry {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
    }
  }

  private ModelHttpClient(Builder builder) {
    java.net.http.HttpClient.Builder http =
        java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1);
    if (builder.connectTimeout != null) {
      http.connectTimeout(builder.connectTimeout);
    }
    this.http = http.build();
    this.readTimeout = builder.readTimeout;
    this.retry = builder.retry;
    this.streaming =
        JdkHttpClient.builder()
            .httpClientBuilder(java.net.http.HttpClient.newBuilder())
            .connectTimeout(builder.connectTimeout)
            .readTimeout(builder.readTimeout)
            .build();
  }

  public static Builder builder(Retry retry) {
    return new Builder(retry);
  }

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
      throw new IllegalArgumentException(
          "multipart requests to a model endpoint are not supported");
    }
    Duration backoff = retry.initialBackoff();
    for (int attempt = 1; ; attempt++) {
      HttpResponse<byte[]> response = send(request);
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return SuccessfulHttpResponse.builder()
            .statusCode(status)
            .headers(response.headers().map())
            .body(new String(response.body(), StandardCharsets.UTF_8))
            .build();
      }
      if ((status != 429 && status < 500) || attempt >= retry.maxAttempts()) {
        throw new HttpException(
            status,
            "HTTP " + status + " after " + attempt + " attempt(s): " + excerpt(response.body()));
      }
      pause(retryAfter(response).orElse(backoff));
      backoff = min(backoff.multipliedBy(2), LONGEST_WAIT);
    }
  }

  @Override
  public void execute(
      HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    streaming.execute(request, parser, listener);
  }

  /** The HTTP status and what the endpoint said, from wherever LangChain4j wrapped them. */
  public static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpException http) {
        return "HTTP " + http.statusCode() + " (" + http.getMessage() + ")";
      }
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private HttpResponse<byte[]> send(HttpRequest request) {
    java.net.http.HttpRequest.Builder jdk =
        java.net.http.HttpRequest.newBuilder(URI.create(request.url()))
            .method(
                request.method().name(),
                request.body() == null
                    ? java.net.http.HttpRequest.BodyPublishers.noBody()
                    : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
    request.headers().forEach((name, values) -> values.forEach(v -> jdk.header(name, v)));
    if (readTimeout != null) {
      jdk.timeout(readTimeout);
    }
    try {
      return http.send(jdk.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new TimeoutException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "model endpoint " + URI.create(request.url()).getHost() + " unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling the model endpoint", e);
    }
  }

  private static Optional<Duration> retryAfter(HttpResponse<?> response) {
    Optional<String> header = response.headers().firstValue("Retry-After");
    try {
      return header.map(h -> min(Duration.ofSeconds(Long.parseLong(h.trim())), LONGEST_WAIT));
    } catch (NumberFormatException e) {
      return Optional.empty(); // an HTTP date: the backoff instead
    }
  }

  private static String excerpt(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backing off", e);
    }
  }

  /** LangChain4j's builder interface, so a model builder can take this client. */
  public static final class Builder implements HttpClientBuilder {
    private final Retry retry;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(60);

    private Builder(Retry retry) {
      this.retry = retry;
    }

    @Override
    public Duration connectTimeout() {
      return connectTimeout;
    }

    @Override
    public Builder connectTimeout(Duration timeout) {
      if (timeout != null) {
        this.connectTimeout = timeout;
      }
      return this;
    }

    @Override
    public Duration readTimeout() {
      return readTimeout;
    }

    @Override
    public Builder readTimeout(Duration timeout) {
      if (timeout != null) {
        this.readTimeout = timeout;
      }
      return this;
    }

    @Override
    public ModelHttpClient build() {
      return new ModelHttpClient(this);
    }
  }
}
