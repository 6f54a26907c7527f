package dev.devflow.knowledgehub.search;

import io.qdrant.client.QdrantClient;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@link SearchIndex} contract against a real Qdrant: only where one is reachable, named by
 * {@code DEVFLOW_TEST_QDRANT_URL} (its HTTP address as for {@code QDRANT_URL}, such as {@code
 * http://localhost:6333}; gRPC on 6334 of that host unless {@code DEVFLOW_TEST_QDRANT_GRPC_PORT}
 * says otherwise; {@code DEVFLOW_TEST_QDRANT_API_KEY} if it wants one). The GitHub workflow runs it
 * with a Qdrant service container. Without it every test is skipped with the reason in the build
 * output, never passed; with it set, a Qdrant that does not answer fails the suite. No stand-in
 * Qdrant is used.
 */
class QdrantSearchIndexContractTest extends SearchIndexContract {

  static final String URL_VARIABLE = "DEVFLOW_TEST_QDRANT_URL";
  static final String SKIPPED = "no Qdrant reachable: set " + URL_VARIABLE;

  private static QdrantClient client;
  private static QdrantSearchIndex index;
  private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
  private static final Set<String> tenants = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void connect() {
    String url = System.getenv(URL_VARIABLE);
    if (url == null || url.isBlank()) {
      System.out.println("QdrantSearchIndexContractTest: every test SKIPPED, " + SKIPPED);
      return;
    }
    client =
        QdrantConnection.connect(
            url,
            Integer.parseInt(System.getenv().getOrDefault("DEVFLOW_TEST_QDRANT_GRPC_PORT", "6334")),
            Optional.ofNullable(System.getenv("DEVFLOW_TEST_QDRANT_API_KEY")),
            Duration.ofSeconds(30));
    index = new QdrantSearchIndex(client, "devflow_test_", EMBEDDER, Duration.ofSeconds(30));
  }

  @AfterAll
  static void dropCollections() {
    if (index != null) {
      tenants.forEach(index::dropTenant);
    }
    if (client != null) {
      client.close();
    }
  }

  @Override
  void requireBackend() {
    Assumptions.assumeTrue(index != null, SKIPPED);
  }

  @Override
  String newTenant() {
    String tenant = super.newTenant();
    tenants.add(tenant);
    return tenant;
  }

  @Override
  SearchIndex index() {
    return index;
  }

  @Override
  String runId() {
    return RUN;
  }
}
