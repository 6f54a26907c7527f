package dev.devflow.knowledgehub.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/**
 * Which {@link SearchIndex} serves, and what readiness says of it, without a Qdrant: Lucene unless
 * {@code QDRANT_URL} is set (an empty value means Lucene too), and an unreachable Qdrant makes
 * readiness DOWN, naming it. What the Qdrant adapter does is {@link
 * QdrantSearchIndexContractTest}'s.
 */
class SearchBackendTest {

  private final LuceneSearchIndex lucene =
      new LuceneSearchIndex(
          java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "unused"),
          SearchIndexContract.EMBEDDER);

  @Test
  void withoutQdrantUrlTheIndexIsLuceneAndReady() {
    for (Optional<String> url : java.util.List.of(Optional.<String>empty(), Optional.of(" "))) {
      QdrantConnection qdrant = new QdrantConnection(config(url, Optional.of("secret-key")));
      assertThat(qdrant.configured()).isFalse();
      assertThat(new SearchBackend().searchIndex(qdrant, lucene, null)).isSameAs(lucene);

      HealthCheckResponse health = new SearchBackendHealthCheck(qdrant).call();
      assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
      assertThat(health.getData().orElseThrow()).containsEntry("backend", "lucene");
    }
  }

  @Test
  void withQdrantUrlTheIndexIsQdrantAndReadinessNamesItWhileUnreachable() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort(); // nothing listens there once closed
    }
    QdrantConnection qdrant =
        new QdrantConnection(
            config(Optional.of("http://127.0.0.1:6333"), Optional.of("secret-key"), closed));
    try {
      assertThat(qdrant.configured()).isTrue();
      assertThat(new SearchBackend().searchIndex(qdrant, lucene, null))
          .isInstanceOf(QdrantSearchIndex.class);

      HealthCheckResponse health = new SearchBackendHealthCheck(qdrant).call();
      assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
      assertThat(health.getData().orElseThrow())
          .containsEntry("backend", "qdrant")
          .containsEntry("error", "Qdrant unreachable at http://127.0.0.1:" + closed + " (gRPC)");
      assertThat(health.getData().orElseThrow().toString()).doesNotContain("secret-key");
    } finally {
      qdrant.close();
    }
  }

  static QdrantConfig config(Optional<String> url, Optional<String> apiKey) {
    return config(url, apiKey, 6334);
  }

  static QdrantConfig config(Optional<String> url, Optional<String> apiKey, int grpcPort) {
    return new QdrantConfig() {
      @Override
      public Optional<String> url() {
        return url;
      }

      @Override
      public int grpcPort() {
        return grpcPort;
      }

      @Override
      public Optional<String> apiKey() {
        return apiKey;
      }

      @Override
      public String collectionPrefix() {
        return "devflow_";
      }

      @Override
      public Duration timeout() {
        return Duration.ofSeconds(2);
      }
    };
  }
}
