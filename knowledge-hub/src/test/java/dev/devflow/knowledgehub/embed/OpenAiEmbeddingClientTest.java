package dev.devflow.knowledgehub.embed;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.knowledgehub.support.WireMockResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The AOSentry adapter against a WireMock gateway on loopback: batching, 429 backoff, errors. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(WireMockResource.class)
class OpenAiEmbeddingClientTest {

  private static final String OK =
      """
      {"data":[{"index":1,"embedding":[0,3,4]},{"index":0,"embedding":[2,0,0]}],"model":"test-embedding"}""";

  @Inject OpenAiEmbeddingClient client;

  @BeforeEach
  void reset() {
    WireMockResource.server.resetAll();
  }

  @Test
  void backsOffOn429ThenReturnsNormalisedVectorsInOrder() {
    var wm = WireMockResource.server;
    wm.stubFor(
        post(urlEqualTo("/v1/embeddings"))
            .inScenario("busy")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0"))
            .willSetStateTo("free"));
    wm.stubFor(
        post(urlEqualTo("/v1/embeddings"))
            .inScenario("busy")
            .whenScenarioStateIs("free")
            .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(OK)));

    List<float[]> vectors = client.embed(List.of("first", "second"));

    assertThat(vectors.get(0)).containsExactly(1f, 0f, 0f);
    assertThat(vectors.get(1)).containsExactly(0f, 0.6f, 0.8f);
    wm.verify(
        2,
        postRequestedFor(urlEqualTo("/v1/embeddings"))
            .withHeader("Authorization", equalTo("Bearer sk-test-secret"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("test-embedding")))
            .withRequestBody(matchingJsonPath("$.input[1]", equalTo("second"))));
    assertThat(client.model()).isEqualTo("test-embedding");
    assertThat(client.dimension()).isEqualTo(3);
  }

  @Test
  void givesUpAfterTheConfiguredAttemptsWithoutLeakingTheKey() {
    WireMockResource.server.stubFor(
        post(urlEqualTo("/v1/embeddings")).willReturn(aResponse().withStatus(503)));
    assertThatThrownBy(() -> client.embed(List.of("x")))
        .hasMessageContaining("503")
        .hasMessageContaining("3 attempt")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk-test-secret"));
    WireMockResource.server.verify(3, postRequestedFor(urlEqualTo("/v1/embeddings")));
  }

  @Test
  void aClientErrorIsNotRetried() {
    WireMockResource.server.stubFor(
        post(urlEqualTo("/v1/embeddings")).willReturn(aResponse().withStatus(401)));
    assertThatThrownBy(() -> client.embed(List.of("x"))).hasMessageContaining("401");
    WireMockResource.server.verify(1, postRequestedFor(urlEqualTo("/v1/embeddings")));
  }
}
