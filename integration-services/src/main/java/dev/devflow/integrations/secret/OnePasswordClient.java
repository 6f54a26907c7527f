package dev.devflow.integrations.secret;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devflow.integrations.config.IntegrationsConfig;
import dev.devflow.integrations.provider.ProviderHttp;
import dev.devflow.integrations.provider.ProviderRequest;
import dev.devflow.integrations.provider.ProviderResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads one field of a 1Password item through 1Password Connect's REST API ({@code /v1/vaults},
 * {@code /v1/vaults/{id}/items}), by vault name, item title and field label.
 */
@ApplicationScoped
public class OnePasswordClient {

  private final IntegrationsConfig.OnePassword config;
  private final ProviderHttp http;

  public OnePasswordClient(IntegrationsConfig config, ProviderHttp http) {
    this.config = config.onepassword();
    this.http = http;
  }

  /** Whether OP_CONNECT_HOST and OP_CONNECT_TOKEN are both set. */
  public boolean configured() {
    return config.host().isPresent() && config.token().isPresent();
  }

  /** The field's value, or empty when the vault, item or field does not exist. */
  public Optional<String> read(String vault, String item, String field) {
    if (!configured()) {
      return Optional.empty();
    }
    Optional<String> vaultId = firstId("/v1/vaults?filter=" + filter("name", vault));
    Optional<String> itemId =
        vaultId.flatMap(v -> firstId("/v1/vaults/" + v + "/items?filter=" + filter("title", item)));
    if (itemId.isEmpty()) {
      return Optional.empty();
    }
    JsonNode fields = get("/v1/vaults/" + vaultId.get() + "/items/" + itemId.get()).path("fields");
    for (JsonNode f : fields) {
      if (field.equals(f.path("label").asText()) || field.equals(f.path("id").asText())) {
        return Optional.ofNullable(f.path("value").textValue());
      }
    }
    return Optional.empty();
  }

  private Optional<String> firstId(String path) {
    JsonNode list = get(path);
    return list.isArray() && list.size() > 0
        ? Optional.of(list.get(0).path("id").asText())
        : Optional.empty();
  }

  private JsonNode get(String path) {
    URI base = config.host().orElseThrow();
    ProviderResponse response =
        http.send(
            ProviderRequest.get(URI.create(base.toString().replaceAll("/+$", "") + path))
                .bearer(config.token().orElseThrow())
                .with("Accept", "application/json"));
    if (!response.ok()) {
      throw new IllegalStateException(
          "1Password Connect answered "
              + response.status()
              + " to "
              + path.replaceAll("\\?.*", ""));
    }
    return response.json();
  }

  private static String filter(String attribute, String value) {
    return URLEncoder.encode(attribute + " eq \"" + value + "\"", StandardCharsets.UTF_8)
        .replace("+", "%20");
  }
}
