package dev.devflow.knowledgehub.embed;

import java.util.List;

/** Port: turns texts into vectors. Implementations batch internally. */
public interface Embedder {

  /** Model name stored with every chunk and index, so a change of model forces a rebuild. */
  String model();

  /** Vector dimension. */
  int dimension();

  /** One unit-length vector per text, in order. */
  List<float[]> embed(List<String> texts);

  /** The unit-length vector of one search query (latency matters more than throughput). */
  default float[] embedQuery(String text) {
    return embed(List.of(text)).get(0);
  }
}
