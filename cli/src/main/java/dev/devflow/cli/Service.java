package dev.devflow.cli;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** One service as {@code up} runs it: its port, whether it needs the database, command, env. */
public record Service(
    String name, int port, boolean needsDatabase, List<String> command, Map<String, String> env) {

  public Service {
    command = List.copyOf(command);
    env = Map.copyOf(env);
  }

  public URI readyUrl() {
    return URI.create(baseUrl() + "/health/ready");
  }

  public String baseUrl() {
    return "http://localhost:" + port;
  }
}
