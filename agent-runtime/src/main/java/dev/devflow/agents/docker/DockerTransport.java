package dev.devflow.agents.docker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** How requests reach a Docker Engine API: its Unix socket, or HTTP (DevFlow's socket proxy). */
public interface DockerTransport {

  /** One answer of the engine. */
  record Answer(int status, String contentType, byte[] body) {
    public String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /**
   * Sends one request.
   *
   * @param target the path and query, e.g. {@code /v1.41/containers/create?name=x}
   * @param body JSON, or null for none
   */
  Answer send(String method, String target, byte[] body) throws IOException;

  /** {@code unix:///var/run/docker.sock}, or {@code http://host:port} / {@code tcp://host:port}. */
  static DockerTransport of(String url) {
    if (url.startsWith("unix://")) {
      return new UnixSocketTransport(Path.of(url.substring("unix://".length())));
    }
    String http = url.startsWith("tcp://") ? "http://" + url.substring("tcp://".length()) : url;
    if (!http.startsWith("http://")) {
      throw new IllegalArgumentException(
          "A Docker address is unix:///path, tcp://host:port or http://host:port, not " + url);
    }
    return new HttpTransport(
        URI.create(http.endsWith("/") ? http.substring(0, http.length() - 1) : http));
  }

  /** HTTP to a Docker API address (the socket proxy on DevFlow's network). */
  final class HttpTransport implements DockerTransport {
    private final URI base;
    private final HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    HttpTransport(URI base) {
      this.base = base;
    }

    @Override
    public Answer send(String method, String target, byte[] body) throws IOException {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(base + target))
              .timeout(Duration.ofSeconds(60))
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      if (body != null) {
        request.header("Content-Type", "application/json");
      }
      try {
        HttpResponse<byte[]> answer =
            client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(
            answer.statusCode(),
            answer.headers().firstValue("Content-Type").orElse(""),
            answer.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while calling Docker at " + base, e);
      }
    }
  }
}
