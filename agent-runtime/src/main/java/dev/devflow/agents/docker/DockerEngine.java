package dev.devflow.agents.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The few Docker Engine API calls the agent containers need (API 1.41, Docker 20.10 and later). */
public final class DockerEngine {

  /** The engine refused or failed a call; the message is the engine's own. */
  public static final class DockerException extends RuntimeException {
    private final int status;

    DockerException(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  static final String API = "/v1.41";
  private final DockerTransport transport;
  private final ObjectMapper json;

  public DockerEngine(DockerTransport transport, ObjectMapper json) {
    this.transport = transport;
    this.json = json;
  }

  /** Creates a container named name; returns its id. */
  public String create(String name, JsonNode body) {
    DockerTransport.Answer answer =
        call("POST", "/containers/create?name=" + encode(name), bytes(body));
    expect(answer, "create container " + name, 201);
    return read(answer).path("Id").asText();
  }

  public void start(String container) {
    expect(
        call("POST", "/containers/" + encode(container) + "/start", null),
        "start " + container,
        204,
        304);
  }

  /** Stops and removes a container; fine when there is none. */
  public void removeForcibly(String container) {
    expect(
        call("DELETE", "/containers/" + encode(container) + "?force=true", null),
        "remove " + container,
        204,
        404);
  }

  /** DevFlow's agent containers, running or not: each one's id and the session its label names. */
  public Map<String, String> agentContainers() {
    DockerTransport.Answer answer =
        call(
            "GET",
            "/containers/json?all=true&filters="
                + encode("{\"label\":[\"" + AgentContainers.LABEL + "\"]}"),
            null);
    expect(answer, "list agent containers", 200);
    Map<String, String> sessions = new LinkedHashMap<>();
    for (JsonNode container : read(answer)) {
      String session = container.path("Labels").path(AgentContainers.LABEL).asText("");
      if (!session.isBlank()) {
        sessions.put(container.path("Id").asText(), session);
      }
    }
    return sessions;
  }

  /** The container's description, or empty when there is none. */
  public Optional<JsonNode> inspect(String container) {
    DockerTransport.Answer answer = call("GET", "/containers/" + encode(container) + "/json", null);
    if (answer.status() == 404) {
      return Optional.empty();
    }
    expect(answer, "inspect " + container, 200);
    return Optional.of(read(answer));
  }

  private DockerTransport.Answer call(String method, String target, byte[] body) {
    try {
      return transport.send(method, API + target, body);
    } catch (IOException e) {
      throw new UncheckedIOException("Docker is not reachable: " + e.getMessage(), e);
    }
  }

  private void expect(DockerTransport.Answer answer, String what, int... statuses) {
    for (int status : statuses) {
      if (answer.status() == status) {
        return;
      }
    }
    String message = answer.text();
    try {
      message = json.readTree(answer.body()).path("message").asText(message);
    } catch (IOException e) {
      // not JSON: keep the text
    }
    throw new DockerException(
        answer.status(),
        "Docker refused to " + what + " (" + answer.status() + "): " + message.strip());
  }

  private JsonNode read(DockerTransport.Answer answer) {
    try {
      return json.readTree(answer.body());
    } catch (IOException e) {
      throw new UncheckedIOException("Docker answered unreadable JSON", e);
    }
  }

  private byte[] bytes(JsonNode body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
