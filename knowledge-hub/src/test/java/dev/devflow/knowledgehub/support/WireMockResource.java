package dev.devflow.knowledgehub.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A WireMock server on loopback standing in for the AOSentry (OpenAI-compatible) gateway. */
public class WireMockResource implements QuarkusTestResourceLifecycleManager {

  /** The running server, for stubbing and verification in tests. */
  public static WireMockServer server;

  @Override
  public Map<String, String> start() {
    server =
        new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    return Map.of(
        "devflow.knowledge-hub.embeddings.base-url", server.baseUrl() + "/v1",
        "devflow.knowledge-hub.embeddings.model", "test-embedding",
        "devflow.knowledge-hub.embeddings.dimension", "3",
        "devflow.knowledge-hub.embeddings.api-key", "sk-test-secret",
        "devflow.knowledge-hub.embeddings.initial-backoff", "10ms",
        "devflow.knowledge-hub.embeddings.max-attempts", "3");
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop();
    }
  }
}
