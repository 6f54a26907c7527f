package dev.devflow.agents.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The socket proxy lets through what agent containers need and nothing that reaches the host. */
class ProxyRulesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ProxyRules rules =
      new ProxyRules(
          Set.of("devflow/agent:1"),
          Set.of("devflow-agents"),
          Set.of("devflow-agent-sockets", "devflow-agent-worktrees"),
          "185:0");
  private final AgentContainers containers =
      new AgentContainers(
          "devflow/agent:1",
          "devflow-agents",
          List.of(
              "devflow-agent-sockets:/var/lib/devflow/tmux",
              "devflow-agent-worktrees:/var/lib/devflow/worktrees"),
          "185:0",
          1L << 30,
          1.0,
          256);

  private ObjectNode agentBody() {
    return containers.createBody(
        JSON,
        "df-1-2",
        Path.of("/var/lib/devflow/worktrees/acme/1/2"),
        Map.of("DEVFLOW_TASK_ID", "2"),
        List.of("/bin/sh", "-c", "true"));
  }

  @Test
  void theEnginesOwnCreateRequestPasses() {
    assertThat(rules.create(agentBody()).allowed()).isTrue();
    ObjectNode body = agentBody();
    assertThat(body.path("HostConfig").path("NanoCpus").asLong()).isEqualTo(1_000_000_000L);
    assertThat(body.path("HostConfig").path("CapDrop").toString()).contains("ALL");
    assertThat(body.path("HostConfig").path("ReadonlyRootfs").asBoolean()).isTrue();
    assertThat(body.path("Labels").path(AgentContainers.LABEL).asText()).isEqualTo("df-1-2");
  }

  @Test
  void anythingThatReachesTheHostIsRefusedNamingTheField() {
    assertRefused(b -> host(b).put("Privileged", true), "HostConfig.Privileged");
    assertRefused(b -> host(b).putArray("Binds").add("/:/host"), "HostConfig.Binds");
    assertRefused(b -> host(b).putArray("CapAdd").add("SYS_ADMIN"), "HostConfig.CapAdd");
    assertRefused(b -> host(b).put("PidMode", "host"), "HostConfig.PidMode");
    assertRefused(b -> host(b).put("NetworkMode", "host"), "NetworkMode");
    assertRefused(
        b -> host(b).putArray("VolumesFrom").add("devflow-workflow-engine"), "VolumesFrom");
    assertRefused(
        b -> host(b).putArray("Devices").addObject().put("PathOnHost", "/dev/sda"), "Devices");
    assertRefused(b -> host(b).putArray("SecurityOpt").add("seccomp=unconfined"), "SecurityOpt");
    assertRefused(b -> host(b).putObject("PortBindings").putArray("22/tcp"), "PortBindings");
    assertRefused(
        b ->
            ((ObjectNode) host(b).path("Mounts").get(0))
                .put("Type", "bind")
                .put("Source", "/var/run/docker.sock"),
        "Mounts");
    assertRefused(
        b -> ((ObjectNode) host(b).path("Mounts").get(0)).put("Source", "postgres-data"), "Mounts");
    assertRefused(b -> host(b).remove("Memory"), "Memory");
    assertRefused(b -> b.put("User", "0"), "User");
    assertRefused(b -> b.put("User", "root"), "User");
    assertRefused(b -> b.put("Image", "debian:12"), "Image");
    assertRefused(b -> b.remove("Labels"), "Labels");
    assertRefused(
        b -> b.putObject("NetworkingConfig").putObject("EndpointsConfig").putObject("x"),
        "NetworkingConfig");
    assertThat(rules.create(null).allowed()).isFalse();
  }

  @Test
  void onlyTheAgentCallsPassAndContainerCallsNeedTheLabel() {
    assertThat(rules.route("GET", "/_ping", Map.of()).allowed()).isTrue();
    assertThat(
            rules
                .route(
                    "POST", "/v1.41/containers/create", Map.of("name", List.of("devflow-agent-x")))
                .allowed())
        .isTrue();
    assertThat(
            rules
                .route("POST", "/v1.41/containers/create", Map.of("name", List.of("web")))
                .allowed())
        .isFalse();
    ProxyRules.Verdict start = rules.route("POST", "/v1.41/containers/abc123/start", Map.of());
    assertThat(start.allowed()).isTrue();
    assertThat(start.container()).contains("abc123");
    assertThat(rules.route("DELETE", "/v1.41/containers/devflow-agent-x", Map.of()).container())
        .contains("devflow-agent-x");
    for (String[] call :
        new String[][] {
          {"POST", "/v1.41/containers/abc/exec"},
          {"POST", "/v1.41/exec/abc/start"},
          {"POST", "/v1.41/containers/json"},
          {"POST", "/v1.41/images/create"},
          {"POST", "/v1.41/build"},
          {"POST", "/v1.41/volumes/create"},
          {"POST", "/v1.41/networks/create"},
          {"GET", "/v1.41/containers/abc/archive"},
          {"PUT", "/v1.41/containers/abc/archive"},
          {"POST", "/v1.41/containers/abc/attach"},
          {"POST", "/v1.41/containers/../start"},
          {"GET", "/v1.41/containers/abc/start"},
          {"POST", "/v1.41/swarm/init"},
        }) {
      assertThat(rules.route(call[0], call[1], Map.of()).allowed())
          .as(call[0] + " " + call[1])
          .isFalse();
    }
    assertThat(ProxyRules.isAgent(JSON.createObjectNode())).isFalse();
    assertThat(rules.route("GET", "/v1.41/containers/json", Map.of()).allowed()).isTrue();
    assertThat(ProxyRules.agentListing("/v1.41/containers/json"))
        .isEqualTo(
            "/v1.41/containers/json?all=true&filters=%7B%22label%22%3A%5B%22dev.devflow.agent%22%5D%7D");
  }

  @Test
  void theAgentsUserIsNeverRoot() {
    assertThatThrownBy(() -> new ProxyRules(Set.of(), Set.of(), Set.of(), "0:0"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new AgentContainers("devflow/agent:1", "host", List.of(), "185", 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static ObjectNode host(ObjectNode body) {
    return (ObjectNode) body.path("HostConfig");
  }

  private void assertRefused(java.util.function.Consumer<ObjectNode> change, String field) {
    ObjectNode body = agentBody();
    change.accept(body);
    ProxyRules.Verdict verdict = rules.create(body);
    assertThat(verdict.allowed()).as(body.toString()).isFalse();
    assertThat(verdict.reason()).contains(field);
  }
}
