package dev.devflow.knowledgehub.search;

import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The gRPC client of the configured Qdrant, if {@code QDRANT_URL} is set: one channel for the
 * search index and the readiness check. Opening it contacts nobody (the client's version check is
 * off), so a Qdrant that is down shows in readiness and in failed searches, not at start.
 */
@ApplicationScoped
public class QdrantConnection {

  private static final Logger LOG = Logger.getLogger(QdrantConnection.class);
  private final QdrantConfig config;
  private volatile QdrantClient client;

  public QdrantConnection(QdrantConfig config) {
    this.config = config;
  }

  /** Whether Qdrant is the search backend. */
  public boolean configured() {
    return config.url().filter(u -> !u.isBlank()).isPresent();
  }

  /** Where the adapter reaches Qdrant, for messages (scheme, host and gRPC port only). */
  public String endpoint() {
    return config.url().map(u -> describe(uri(u), config.grpcPort())).orElse("");
  }

  public Optional<QdrantClient> client() {
    if (!configured()) {
      return Optional.empty();
    }
    QdrantClient c = client;
    if (c == null) {
      synchronized (this) {
        if (client == null) {
          client =
              connect(config.url().get(), config.grpcPort(), config.apiKey(), config.timeout());
          LOG.infof(
              "Search backend: Qdrant at %s (API key %s)",
              endpoint(), config.apiKey().filter(k -> !k.isBlank()).isPresent() ? "set" : "unset");
        }
        c = client;
      }
    }
    return Optional.of(c);
  }

  public QdrantConfig config() {
    return config;
  }

  /**
   * A gRPC client for the Qdrant at {@code url}'s host (TLS for {@code https}) on {@code grpcPort};
   * the API key is sent, never logged.
   */
  static QdrantClient connect(String url, int grpcPort, Optional<String> apiKey, Duration timeout) {
    URI uri = uri(url);
    boolean tls = "https".equalsIgnoreCase(uri.getScheme());
    QdrantGrpcClient.Builder builder =
        QdrantGrpcClient.newBuilder(uri.getHost(), grpcPort, tls, false).withTimeout(timeout);
    apiKey.filter(k -> !k.isBlank()).ifPresent(builder::withApiKey);
    return new QdrantClient(builder.build());
  }

  private static URI uri(String url) {
    String u = url.trim();
    URI uri = URI.create(u.contains("://") ? u : "http://" + u);
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("QDRANT_URL is not a URL with a host");
    }
    return uri;
  }

  private static String describe(URI uri, int grpcPort) {
    return uri.getScheme() + "://" + uri.getHost() + ":" + grpcPort + " (gRPC)";
  }

  @PreDestroy
  void close() {
    QdrantClient c = client;
    if (c != null) {
      c.close();
    }
  }
}
