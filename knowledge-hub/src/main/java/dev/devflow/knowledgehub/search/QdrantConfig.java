package dev.devflow.knowledgehub.search;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The Qdrant search backend: used when {@code url} is set ({@code QDRANT_URL}); unset or empty
 * means the embedded Lucene index.
 */
@ConfigMapping(prefix = "devflow.search.qdrant")
public interface QdrantConfig {

  /**
   * Qdrant's address as its HTTP API answers there, such as {@code http://qdrant:6333} (the form
   * the compose files and the backup scripts use; {@code https://} for TLS). The adapter speaks
   * gRPC to the same host on {@link #grpcPort()}.
   */
  Optional<String> url();

  /** Qdrant's gRPC port on the host of {@link #url()} ({@code QDRANT_GRPC_PORT}). */
  @WithDefault("6334")
  int grpcPort();

  /** Qdrant's API key ({@code QDRANT_API_KEY}), sent with every call; never logged. */
  Optional<String> apiKey();

  /** Prefix of every collection and alias this installation creates. */
  @WithDefault("devflow_")
  String collectionPrefix();

  /** How long one call to Qdrant may take. */
  @WithDefault("10s")
  Duration timeout();
}
