package dev.devflow.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.devflow.common.testing.TestPostgres;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The on-prem layout without containers: Debian's nginx with deploy/onprem/nginx.conf and a
 * self-signed certificate in front of the real api-gateway (the packaged fast-jar, local mode) on
 * loopback, against an embedded PostgreSQL.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OnPremNginxIT {

  @TempDir static Path prefix;

  private static Process gateway;
  private static Process nginx;
  private static int httpPort;
  private static int httpsPort;
  private static HttpClient client;
  private static com.sun.net.httpserver.HttpServer mcpUpstream;

  /** Counted down by the test when the first event has reached it through nginx and the gateway. */
  private static final java.util.concurrent.CountDownLatch firstEventArrived =
      new java.util.concurrent.CountDownLatch(1);

  @BeforeAll
  static void start() throws Exception {
    DeployTools.assumeTool("nginx", "nginx");
    Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
    assumeTrue(Files.exists(jar), "the api-gateway is not packaged: run ./mvnw verify");

    int gatewayPort = freePort();
    TestPostgres.Database db = TestPostgres.createDatabase();
    Map<String, String> env = new HashMap<>();
    env.put(
        "DATABASE_URL",
        "postgresql://"
            + db.username()
            + ":"
            + db.password()
            + "@"
            + db.jdbcUrl().substring("jdbc:postgresql://".length()));
    env.put("DEVFLOW_MODE", "local");
    env.put("QUARKUS_HTTP_PORT", String.valueOf(gatewayPort));
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("OTEL_SDK_DISABLED", "true");
    env.put("MCP_GATEWAY_URL", "http://127.0.0.1:" + startMcpUpstream());
    ProcessBuilder pb = new ProcessBuilder("java", "-jar", jar.toString());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true).redirectOutput(prefix.resolve("gateway.log").toFile());
    gateway = pb.start();

    httpPort = freePort();
    httpsPort = freePort();
    Path conf = NginxSite.render(prefix, gatewayPort, freePort(), httpPort, httpsPort);
    nginx =
        new ProcessBuilder("nginx", "-p", prefix + "/", "-c", conf.toString(), "-g", "daemon off;")
            .redirectErrorStream(true)
            .redirectOutput(prefix.resolve("nginx.out").toFile())
            .start();

    client = HttpClient.newBuilder().sslContext(trusting(prefix.resolve("devflow.crt"))).build();
    awaitReady(gatewayPort);
  }

  @AfterAll
  static void stop() throws Exception {
    if (mcpUpstream != null) {
      mcpUpstream.stop(0);
    }
    for (Process p : new Process[] {nginx, gateway}) {
      if (p != null) {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  @Test
  void httpsReachesTheGatewayWithSecurityHeaders() throws Exception {
    HttpResponse<String> ready = get("https://127.0.0.1:" + httpsPort + "/health/ready");

    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("UP");
    assertThat(ready.headers().firstValue("Strict-Transport-Security")).isPresent();
    assertThat(ready.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
  }

  @Test
  void plainHttpRedirectsToHttps() throws Exception {
    HttpResponse<String> redirect = get("http://127.0.0.1:" + httpPort + "/api/v1/usage?x=1");

    assertThat(redirect.statusCode()).isEqualTo(301);
    assertThat(redirect.headers().firstValue("Location"))
        .contains("https://127.0.0.1/api/v1/usage?x=1");
  }

  @Test
  void theDashboardSocketUpgradesThroughNginx() throws Exception {
    CompletableFuture<String> first = new CompletableFuture<>();
    WebSocket socket =
        client
            .newWebSocketBuilder()
            .buildAsync(
                URI.create("wss://127.0.0.1:" + httpsPort + "/ws"),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    first.complete(data.toString());
                    return null;
                  }
                })
            .get(20, TimeUnit.SECONDS);

    assertThat(first.get(20, TimeUnit.SECONDS)).contains("\"type\":\"welcome\"");
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
  }

  @Test
  void uploadsAboveTheLimitAreRefusedAtTheProxy() throws Exception {
    // Raw TLS socket: announce 64 MB and send no body; nginx answers from the headers alone.
    SSLContext tls = trusting(prefix.resolve("devflow.crt"));
    try (SSLSocket socket =
        (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", httpsPort)) {
      socket.setSoTimeout(15_000);
      socket
          .getOutputStream()
          .write(
              ("POST /api/v1/sources HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      + "Content-Type: application/octet-stream\r\n"
                      + "Content-Length: 67108864\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String status =
          new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();

      assertThat(status).startsWith("HTTP/1.1 413");
    }
  }

  @Test
  void mcpEventsStreamThroughNginxAndTheGatewayAsTheyAreSent() throws Exception {
    HttpResponse<java.util.stream.Stream<String>> response =
        client.send(
            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpsPort + "/mcp"))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json, text/event-stream")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1}"))
                .build(),
            HttpResponse.BodyHandlers.ofLines());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("text/event-stream");
    java.util.Iterator<String> lines = response.body().iterator();
    assertThat(lines.next()).isEqualTo("data: first");
    // The upstream holds the rest of the stream until this: a buffering hop would deadlock here
    // until the upstream gives up after 20 s and ends the stream with "data: gave up waiting".
    firstEventArrived.countDown();
    List<String> rest = new java.util.ArrayList<>();
    lines.forEachRemaining(rest::add);
    assertThat(rest).contains("data: second").doesNotContain("data: gave up waiting");
  }

  /**
   * A stand-in MCP server that sends one event, then the next only once the client has the first.
   */
  private static int startMcpUpstream() throws java.io.IOException {
    mcpUpstream =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    mcpUpstream.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    mcpUpstream.createContext(
        "/mcp",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
          exchange.sendResponseHeaders(200, 0);
          try (var out = exchange.getResponseBody()) {
            out.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            boolean arrived = firstEventArrived.await(20, TimeUnit.SECONDS);
            out.write(
                (arrived ? "data: second\n\n" : "data: gave up waiting\n\n")
                    .getBytes(StandardCharsets.UTF_8));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    mcpUpstream.start();
    return mcpUpstream.getAddress().getPort();
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void awaitReady(int gatewayPort) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      assertThat(gateway.isAlive()).as("gateway exited: %s", log("gateway.log")).isTrue();
      assertThat(nginx.isAlive()).as("nginx exited: %s", log("nginx.out")).isTrue();
      if (open(gatewayPort) && open(httpsPort)) {
        try {
          if (get("https://127.0.0.1:" + httpsPort + "/health/ready").statusCode() == 200) {
            return;
          }
        } catch (java.io.IOException e) {
          // not yet
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("not ready in 90 s: " + log("gateway.log") + log("nginx.out"));
  }

  private static String log(String name) {
    Path file = prefix.resolve(name);
    if (!Files.exists(file)) {
      return "";
    }
    List<String> lines = DeployTools.read(file).lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static boolean open(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /**
   * A free port below Linux's ephemeral range (32768+): a port the kernel handed out as free could
   * be given to one of the gateway's own outgoing connections (JDBC, while Flyway migrates) before
   * its HTTP server binds it.
   */
  private static int freePort() throws java.io.IOException {
    java.util.concurrent.ThreadLocalRandom random =
        java.util.concurrent.ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = random.nextInt(20_000, 32_000);
      try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      } catch (java.io.IOException taken) {
        // try another
      }
    }
    throw new java.io.IOException("No free port between 20000 and 32000");
  }

  private static SSLContext trusting(Path certificate) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(certificate)) {
      store.setCertificateEntry(
          "devflow", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
