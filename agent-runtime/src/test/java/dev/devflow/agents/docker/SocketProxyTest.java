package dev.devflow.agents.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy over a stand-in engine on a Unix socket: allowed calls reach it unchanged (chunked
 * answers included), container calls only for labelled containers, everything else never leaves the
 * proxy.
 */
class SocketProxyTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private final List<String> reached = new CopyOnWriteArrayList<>();
  private ServerSocketChannel engine;
  private SocketProxy proxy;
  private DockerEngine client;
  private int port;

  @BeforeEach
  void start() throws IOException {
    Path socket = dir.resolve("docker.sock");
    engine = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    engine.bind(UnixDomainSocketAddress.of(socket));
    Thread serve = new Thread(this::serve, "stand-in-engine");
    serve.setDaemon(true);
    serve.start();
    proxy =
        new SocketProxy(
            new ProxyRules(Set.of("devflow/agent:1"), Set.of("agents"), Set.of("sockets"), "185:0"),
            DockerTransport.of("unix://" + socket));
    port = proxy.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    client = new DockerEngine(DockerTransport.of("http://127.0.0.1:" + port), JSON);
  }

  @AfterEach
  void stop() throws IOException {
    proxy.stop();
    engine.close();
  }

  @Test
  void anAgentContainerIsCreatedStartedAndRemovedThroughTheProxy() {
    AgentContainers containers =
        new AgentContainers(
            "devflow/agent:1", "agents", List.of("sockets:/s"), "185:0", 1 << 30, 1, 64);
    String id =
        client.create(
            "devflow-agent-s1",
            containers.createBody(
                JSON, "s1", Path.of("/w"), Map.of(), List.of("sh", "-c", "true")));
    assertThat(id).isEqualTo("abc123");
    client.start("agent1");
    client.removeForcibly("agent1");
    client.removeForcibly("gone");
    assertThat(client.inspect("agent1")).isPresent();
    assertThat(reached)
        .contains(
            "POST /v1.41/containers/create?name=devflow-agent-s1",
            "POST /v1.41/containers/agent1/start",
            "DELETE /v1.41/containers/agent1?force=true");
  }

  @Test
  void listingShowsOnlyAgentContainersWhateverTheCallerAsks() throws Exception {
    var direct =
        DockerTransport.of("http://127.0.0.1:" + port)
            .send("GET", "/v1.41/containers/json?all=true&filters=%7B%7D", null);
    assertThat(direct.status()).isEqualTo(200);
    assertThat(reached).contains("GET " + ProxyRules.agentListing("/v1.41/containers/json"));
    assertThat(client.agentContainers()).containsExactly(java.util.Map.entry("agent1", "s1"));
    ContainerStarter starter =
        new ContainerStarter(
            client,
            new AgentContainers(
                "devflow/agent:1", "agents", List.of("sockets:/s"), "185:0", 1 << 30, 1, 64),
            JSON);
    assertThat(starter.removeAllBut(session -> session.equals("s1"))).isZero();
    assertThat(starter.removeAllBut(session -> false)).isEqualTo(1);
    assertThat(reached).contains("DELETE /v1.41/containers/agent1?force=true");
  }

  @Test
  void refusedCallsNeverReachTheEngine() {
    AgentContainers containers =
        new AgentContainers(
            "devflow/agent:1", "agents", List.of("sockets:/s"), "185:0", 1 << 30, 1, 64);
    var body = containers.createBody(JSON, "s1", Path.of("/w"), Map.of(), List.of("true"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) body.path("HostConfig"))
        .put("Privileged", true);
    assertRefused(() -> client.create("devflow-agent-s1", body), "HostConfig.Privileged");
    assertRefused(() -> client.start("postgres"), "not a DevFlow agent container");
    assertRefused(() -> client.removeForcibly("postgres"), "not a DevFlow agent container");
    assertThat(reached).noneMatch(r -> r.startsWith("POST /v1.41/containers/create"));
    assertThat(reached).noneMatch(r -> r.contains("postgres/start") || r.startsWith("DELETE"));
  }

  private static void assertRefused(Runnable call, String reason) {
    try {
      call.run();
      throw new AssertionError("not refused");
    } catch (DockerEngine.DockerException e) {
      assertThat(e.status()).isEqualTo(403);
      assertThat(e.getMessage()).contains(reason);
    }
  }

  /** Answers like Docker: agent1 carries the label, postgres does not, gone does not exist. */
  private void serve() {
    while (engine.isOpen()) {
      try (SocketChannel connection = engine.accept()) {
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(Channels.newInputStream(connection), StandardCharsets.UTF_8));
        String request = in.readLine();
        int length = 0;
        for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
          if (h.toLowerCase().startsWith("content-length:")) {
            length = Integer.parseInt(h.substring(15).trim());
          }
        }
        in.skip(length);
        String target = request.substring(0, request.lastIndexOf(' '));
        reached.add(target);
        String answer;
        if (target.startsWith("GET /v1.41/containers/agent1/json")) {
          answer =
              chunked(
                  200,
                  "{\"Id\":\"agent1\",\"Config\":{\"Labels\":{\"dev.devflow.agent\":\"s1\"}}}");
        } else if (target.startsWith("GET /v1.41/containers/postgres/json")) {
          answer = plain(200, "{\"Id\":\"postgres\",\"Config\":{\"Labels\":{}}}");
        } else if (target.startsWith("GET /v1.41/containers/gone/json")) {
          answer = plain(404, "{\"message\":\"No such container: gone\"}");
        } else if (target.startsWith("GET /v1.41/containers/json")) {
          answer = plain(200, "[{\"Id\":\"agent1\",\"Labels\":{\"dev.devflow.agent\":\"s1\"}}]");
        } else if (target.startsWith("POST /v1.41/containers/create")) {
          answer = plain(201, "{\"Id\":\"abc123\",\"Warnings\":[]}");
        } else {
          answer = "HTTP/1.1 204 No Content\r\n\r\n";
        }
        OutputStream out = Channels.newOutputStream(connection);
        out.write(answer.getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        return;
      }
    }
  }

  private static String plain(int status, String body) {
    return "HTTP/1.1 "
        + status
        + " X\r\nContent-Type: application/json\r\nContent-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length
        + "\r\n\r\n"
        + body;
  }

  private static String chunked(int status, String body) {
    String half = body.substring(0, body.length() / 2);
    String rest = body.substring(body.length() / 2);
    return "HTTP/1.1 "
        + status
        + " X\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        + Integer.toHexString(half.length())
        + "\r\n"
        + half
        + "\r\n"
        + Integer.toHexString(rest.length())
        + "\r\n"
        + rest
        + "\r\n0\r\n\r\n";
  }
}
