package dev.devflow.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The table of services {@code up} starts, and the build outputs they need. */
public record Services(List<Service> all, List<Path> artifacts) {

  public static final String KNOWLEDGE_HUB = "knowledge-hub";
  public static final String WORKFLOW_ENGINE = "workflow-engine";
  public static final String MCP_GATEWAY = "mcp-gateway";
  public static final String INTEGRATION_SERVICES = "integration-services";
  public static final String API_GATEWAY = "api-gateway";

  /** Flags that get a Quarkus JVM ready soonest when five of them share two cores. */
  static final List<String> JVM_FLAGS =
      List.of(
          "-XX:TieredStopAtLevel=1",
          "-Xshare:auto",
          "-XX:+UseSerialGC",
          "-Xss512k",
          "-XX:MaxRAMPercentage=15");

  public Services {
    all = List.copyOf(all);
    artifacts = List.copyOf(artifacts);
  }

  /** The five services, run from their Quarkus builds under {@code repo}. */
  public static Services local(Path repo) {
    Map<String, String> upstreams =
        Map.of(
            "KNOWLEDGE_HUB_URL", "http://localhost:8282",
            "WORKFLOW_ENGINE_URL", "http://localhost:8181");
    List<Service> services =
        List.of(
            quarkus(repo, KNOWLEDGE_HUB, 8282, true, Map.of()),
            quarkus(repo, WORKFLOW_ENGINE, 8181, true, Map.of()),
            quarkus(repo, MCP_GATEWAY, 8051, false, upstreams),
            quarkus(repo, INTEGRATION_SERVICES, 8383, true, Map.of()),
            quarkus(repo, API_GATEWAY, 3737, true, Map.of()));
    List<Path> jars = services.stream().map(s -> quarkusJar(repo, s.name())).toList();
    return new Services(services, jars);
  }

  private static Service quarkus(
      Path repo, String name, int port, boolean needsDatabase, Map<String, String> env) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(JVM_FLAGS);
    command.add("-jar");
    command.add(quarkusJar(repo, name).toString());
    return new Service(name, port, needsDatabase, command, env);
  }

  private static Path quarkusJar(Path repo, String name) {
    return repo.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
  }

  /** The java that runs this CLI, which the launcher script already checked is 17 or newer. */
  public static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public Optional<Service> find(String name) {
    return all.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public boolean anyNeedsDatabase() {
    return all.stream().anyMatch(Service::needsDatabase);
  }
}
