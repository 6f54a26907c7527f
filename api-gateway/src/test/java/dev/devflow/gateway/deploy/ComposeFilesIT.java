package dev.devflow.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both compose files pass {@code docker-compose config}, and the on-prem one is locked down. */
class ComposeFilesIT {

  private static final List<String> SECRETS =
      List.of(
          "POSTGRES_PASSWORD",
          "DEVFLOW_JWT_PRIVATE_KEY",
          "DEVFLOW_JWT_PUBLIC_KEY",
          "SECRET_ENCRYPTION_KEY",
          "DEVFLOW_PUBLIC_URL");

  @TempDir Path tmp;

  @BeforeEach
  void compose() {
    DeployTools.assumeTool("docker-compose", "docker-compose");
  }

  @Test
  void localComposeIsValidAndPublishesOnLoopbackOnly() {
    JsonNode config = config("docker-compose.yml", null);

    assertThat(names(config.path("services"))).containsExactly("postgres", "qdrant");
    assertThat(config.at("/services/postgres/image").asText()).startsWith("pgvector/pgvector:");
    config
        .path("services")
        .forEach(
            service -> {
              assertThat(service.path("healthcheck").isObject()).isTrue();
              service
                  .path("ports")
                  .forEach(port -> assertThat(hostIp(port)).isEqualTo("127.0.0.1"));
            });
    assertThat(names(config.path("volumes"))).contains("postgres-data", "qdrant-data");
  }

  @Test
  void onPremComposeHasTheSpecsServicesBehindNginxOnly() {
    JsonNode config = config("docker-compose.onprem.yml", envFile(Map.of()));
    JsonNode services = config.path("services");

    assertThat(names(services))
        .contains("postgres", "qdrant", "onepassword-connect-api", "web-dashboard", "nginx")
        .containsAll(DeployTools.SERVICES);
    services
        .fields()
        .forEachRemaining(
            e -> {
              String name = e.getKey();
              JsonNode service = e.getValue();
              if (!"nginx".equals(name)) {
                assertThat(service.path("ports").size()).as(name + " publishes no port").isZero();
              }
              assertThat(service.path("restart").asText()).as(name).isEqualTo("always");
              assertThat(service.path("image").asText())
                  .as(name)
                  .matches(".+:[^:]+")
                  .doesNotEndWith(":latest");
              if (!"onepassword-connect-sync".equals(name)) {
                assertThat(service.path("healthcheck").path("test").isArray()).as(name).isTrue();
              }
              service
                  .path("depends_on")
                  .forEach(
                      dep ->
                          assertThat(dep.path("condition").asText())
                              .as(name)
                              .isEqualTo("service_healthy"));
              assertThat(service.path("networks").has("devflow-internal")).as(name).isTrue();
            });
    assertThat(services.at("/onepassword-connect-api/profiles/0").asText())
        .isEqualTo("onepassword");
    assertThat(portsOf(services.path("nginx"))).containsExactlyInAnyOrder("80", "443");
    assertThat(services.at("/api-gateway/depends_on/postgres/condition").asText())
        .isEqualTo("service_healthy");
    for (String service : DeployTools.SERVICES) {
      assertThat(services.path(service).path("read_only").asBoolean()).as(service).isTrue();
      assertThat(services.path(service).at("/cap_drop/0").asText()).isEqualTo("ALL");
      assertThat(services.path(service).at("/deploy/resources/limits/memory").asText())
          .as(service + " memory limit")
          .isNotEmpty();
      assertThat(services.path(service).at("/environment/DEVFLOW_MODE").asText())
          .isEqualTo("onprem");
    }
    assertThat(config.at("/networks/devflow-internal/internal").asBoolean()).isTrue();
    assertThat(names(config.path("volumes")))
        .contains("postgres-data", "qdrant-data", "knowledge-uploads", "knowledge-data");
  }

  @Test
  void theAgentsOverrideGivesTheDockerSocketToTheProxyAlone() {
    JsonNode config =
        config(
            List.of("docker-compose.onprem.yml", "deploy/onprem/docker-compose.agents.yml"),
            envFile(Map.of()));
    JsonNode services = config.path("services");
    services
        .fields()
        .forEachRemaining(
            e -> {
              boolean socket = e.getValue().path("volumes").toString().contains("docker.sock");
              assertThat(socket)
                  .as(e.getKey() + " mounts the Docker socket")
                  .isEqualTo("docker-proxy".equals(e.getKey()));
            });
    JsonNode proxy = services.path("docker-proxy");
    assertThat(proxy.path("read_only").asBoolean()).isTrue();
    assertThat(proxy.at("/cap_drop/0").asText()).isEqualTo("ALL");
    assertThat(proxy.path("ports").size()).isZero();
    assertThat(names(proxy.path("networks"))).containsExactly("devflow-docker");
    assertThat(proxy.path("image").asText()).matches(".+:[^:]+").doesNotEndWith(":latest");
    assertThat(config.at("/networks/devflow-docker/internal").asBoolean()).isTrue();
    JsonNode engine = services.path("workflow-engine");
    assertThat(names(engine.path("networks")))
        .contains("devflow-internal", "devflow-docker", "devflow-agents");
    assertThat(engine.at("/environment/DEVFLOW_WORKFLOW_ENGINE_AGENT_CONTAINERS_ENABLED").asText())
        .isEqualTo("true");
    assertThat(engine.at("/environment/DEVFLOW_WORKFLOW_ENGINE_AGENT_CONTAINERS_VOLUMES").asText())
        .contains("devflow-agent-sockets:/var/lib/devflow/tmux")
        .contains("devflow-agent-worktrees:/var/lib/devflow/worktrees")
        .contains("devflow-agent-repos:/var/lib/devflow/repos");
    assertThat(engine.at("/depends_on/docker-proxy/condition").asText())
        .isEqualTo("service_healthy");
    assertThat(config.at("/volumes/agent-sockets/name").asText())
        .isEqualTo("devflow-agent-sockets");
    assertThat(names(services.path("mcp-gateway").path("networks"))).contains("devflow-agents");
  }

  @Test
  void onPremComposeRefusesToStartWithoutEachSecret() {
    for (String secret : SECRETS) {
      Map<String, String> missing = new LinkedHashMap<>();
      missing.put(secret, "");
      DeployTools.Run run =
          DeployTools.run(
              DeployTools.repo(),
              Map.of(),
              "docker-compose",
              "--env-file",
              envFile(missing).toString(),
              "-f",
              "docker-compose.onprem.yml",
              "config");
      assertThat(run.exit()).as("config without " + secret).isNotZero();
      assertThat(run.output()).contains("set " + secret + " in .env.production");
    }
  }

  @Test
  void envExampleListsEveryVariableTheOnPremComposeReadsAndNoSecretValue() {
    String compose = DeployTools.read(DeployTools.repo().resolve("docker-compose.onprem.yml"));
    Map<String, String> example =
        parseEnv(DeployTools.repo().resolve("deploy/onprem/.env.example"));

    String withoutComments = compose.replaceAll("(?m)^\\s*#.*$", "");
    Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)").matcher(withoutComments);
    List<String> used = new ArrayList<>();
    while (m.find()) {
      used.add(m.group(1));
    }
    assertThat(example.keySet()).containsAll(used);
    for (String secret : SECRETS) {
      assertThat(example.get(secret)).as(secret + " has no example value").isEmpty();
    }
  }

  private JsonNode config(String file, Path envFile) {
    return config(List.of(file), envFile);
  }

  private JsonNode config(List<String> files, Path envFile) {
    List<String> command = new ArrayList<>(List.of("docker-compose"));
    if (envFile != null) {
      command.addAll(List.of("--env-file", envFile.toString()));
    }
    files.forEach(file -> command.addAll(List.of("-f", file)));
    command.add("config");
    DeployTools.Run run =
        DeployTools.run(DeployTools.repo(), Map.of(), command.toArray(String[]::new));
    assertThat(run.exit()).as("docker-compose config: %s", run.output()).isZero();
    return DeployTools.parseYaml(run.output()).get(0);
  }

  /** .env.example with every secret filled in, then the overrides applied. */
  private Path envFile(Map<String, String> overrides) {
    Map<String, String> env = parseEnv(DeployTools.repo().resolve("deploy/onprem/.env.example"));
    SECRETS.forEach(secret -> env.put(secret, "test-" + secret.toLowerCase()));
    env.putAll(overrides);
    StringBuilder text = new StringBuilder();
    env.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    Path file = tmp.resolve("env-" + System.nanoTime());
    DeployTools.write(file, text.toString());
    return file;
  }

  private static Map<String, String> parseEnv(Path file) {
    Map<String, String> env = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        if (!line.isBlank() && !line.startsWith("#")) {
          int eq = line.indexOf('=');
          env.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return env;
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> portsOf(JsonNode service) {
    List<String> ports = new ArrayList<>();
    // docker-compose 1.x prints short syntax ("80:80/tcp"), Compose v2 long syntax.
    service
        .path("ports")
        .forEach(
            p -> {
              if (p.isTextual()) {
                String[] parts = p.asText().split(":");
                ports.add(parts[parts.length - 2]);
              } else {
                ports.add(p.path("published").asText());
              }
            });
    return ports;
  }

  private static String hostIp(JsonNode port) {
    if (port.isTextual()) {
      String[] parts = port.asText().split(":");
      return parts.length == 3 ? parts[0] : "";
    }
    return port.path("host_ip").asText();
  }
}
