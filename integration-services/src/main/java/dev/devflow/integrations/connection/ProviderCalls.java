package dev.devflow.integrations.connection;

import dev.devflow.integrations.provider.ProviderException;
import dev.devflow.integrations.provider.ProviderHttp;
import dev.devflow.integrations.provider.ProviderRequest;
import dev.devflow.integrations.provider.ProviderResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Provider calls made with a connection's token: only ever that connection's own token, looked up
 * in the calling tenant's schema, refreshed and retried once when the provider answers 401.
 */
@ApplicationScoped
public class ProviderCalls {

  private final AccessTokens tokens;
  private final ProviderHttp http;

  public ProviderCalls(AccessTokens tokens, ProviderHttp http) {
    this.tokens = tokens;
    this.http = http;
  }

  /** Sends the request as the connection; a second 401 marks it for reauthorization. */
  public ProviderResponse send(String tenant, UUID connection, ProviderRequest request) {
    return tokens.withToken(
        tenant,
        connection,
        token -> {
          ProviderResponse response = http.send(request.bearer(token));
          if (response.status() == 401) {
            throw new ProviderException(401, "The provider refused the token.");
          }
          return response;
        });
  }
}
