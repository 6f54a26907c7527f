package dev.devflow.integrations.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.util.Optional;

/** A provider's answer: status, headers and body text. */
public record ProviderResponse(int status, HttpHeaders headers, String body) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  public boolean ok() {
    return status >= 200 && status < 300;
  }

  public boolean notModified() {
    return status == 304;
  }

  /** The body as JSON (an empty object for an empty body). */
  public JsonNode json() {
    try {
      return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      throw new ProviderException(502, "The provider answered with malformed JSON.");
    }
  }
}
