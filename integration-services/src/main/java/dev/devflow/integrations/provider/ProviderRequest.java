package dev.devflow.integrations.provider;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One call to a provider. Headers may hold credentials: this record is never logged.
 *
 * @param body form or JSON text, or null
 */
public record ProviderRequest(String method, URI uri, Map<String, String> headers, String body) {

  public static ProviderRequest get(URI uri) {
    return new ProviderRequest("GET", uri, new LinkedHashMap<>(), null);
  }

  public static ProviderRequest post(URI uri, String contentType, String body) {
    ProviderRequest request = new ProviderRequest("POST", uri, new LinkedHashMap<>(), body);
    return request.with("Content-Type", contentType);
  }

  public ProviderRequest with(String name, String value) {
    if (value != null) {
      headers.put(name, value);
    }
    return this;
  }

  public ProviderRequest bearer(String token) {
    return with("Authorization", "Bearer " + token);
  }

  /** Whether repeating the call is harmless. */
  public boolean idempotent() {
    return "GET".equals(method) || "HEAD".equals(method);
  }
}
