package dev.devflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * DevFlow's REST API as the end-to-end tests use it: JSON calls with an expected status, a one-file
 * upload, and waiting for a source to be ingested. A null key calls without one (local mode).
 */
public final class Api {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String baseUrl;
  private final String key;
  private final HttpClient http;

  public Api(String baseUrl, String key) {
    this(baseUrl, key, HTTP);
  }

  /** Through a client of the caller's, e.g. one that trusts a test certificate. */
  public Api(String baseUrl, String key, HttpClient http) {
    this.baseUrl = baseUrl;
    this.key = key;
    this.http = http;
  }

  /** Sends {@code json} (or nothing) and returns the body, asserting the status. */
  /** The API key this client sends, or null. */
  public String key() {
    return key;
  }

  public String call(String method, String path, String json, int expected) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as(method + " " + path + " -> " + response.body())
        .isEqualTo(expected);
    return response.body();
  }

  /** Starts a run of the workflow on the main branch of a local git repository; returns its id. */
  public long startRun(long workflowId, Path repo) throws Exception {
    String body =
        call(
            "POST",
            "/api/v1/runs",
            "{\"workflowId\":"
                + workflowId
                + ",\"repoPath\":\""
                + repo
                + "\",\"baseBranch\":\"main\"}",
            201);
    return new ObjectMapper().readTree(body).path("id").asLong();
  }

  /**
   * As a platform administrator (this client's key): creates tenant {@code slug} on {@code plan}
   * with an admin {@code admin@<slug>.test}; returns the admin's API key.
   */
  public String createTenant(String slug, String plan) throws Exception {
    String body =
        call(
            "POST",
            "/api/v1/tenants",
            "{\"slug\":\""
                + slug
                + "\",\"name\":\""
                + slug
                + "\",\"plan\":\""
                + plan
                + "\",\"adminEmail\":\"admin@"
                + slug
                + ".test\"}",
            201);
    return new ObjectMapper().readTree(body).path("apiKey").asText();
  }

  /** Uploads one Markdown file as a new source named {@code name}; returns the 201 body. */
  public String upload(String name, String fileName, String markdown) throws Exception {
    HttpResponse<String> response = tryUpload(name, fileName, markdown);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return response.body();
  }

  /** Uploads one Markdown file as a new source named {@code name}, whatever the answer. */
  public HttpResponse<String> tryUpload(String name, String fileName, String markdown)
      throws Exception {
    String boundary = "devflow-" + UUID.randomUUID();
    String body =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n"
            + name
            + "\r\n--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\""
            + fileName
            + "\"\r\nContent-Type: text/markdown\r\n\r\n"
            + markdown
            + "\r\n--"
            + boundary
            + "--\r\n";
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/sources/uploads"))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Waits until the source's job is done, failing fast when it failed. */
  public void awaitIngested(String sourceId, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      String source = call("GET", "/api/v1/sources/" + sourceId, null, 200);
      if (source.contains("\"status\":\"done\"")) {
        return;
      }
      assertThat(source).as("source " + sourceId).doesNotContain("\"status\":\"failed\"");
      Thread.sleep(200);
    }
    throw new AssertionError("source " + sourceId + " was not ingested in " + timeout);
  }
}
