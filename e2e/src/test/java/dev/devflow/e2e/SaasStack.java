package dev.devflow.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * DevFlow as a SaaS installation runs it, on the local stack's PostgreSQL: knowledge-hub,
 * workflow-engine and mcp-gateway (and, when asked for, integration-services) in {@code saas} mode
 * trusting only tokens signed with a key pair made for this run, and an api-gateway in front
 * holding the private key, with the routes to those services provisioned. Tenants created through
 * it get their schemas in every service.
 */
public final class SaasStack implements AutoCloseable {

  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private String gatewayUrl;
  private Path reposRoot;
  private Path tmuxDir;
  private Map<String, Map<String, String>> extraEnv = Map.of();

  private SaasStack() {}

  /** Without integration-services: the gateway does not route /api/v1/integrations. */
  public static SaasStack start(DevflowStack stack, Path logDir) throws Exception {
    return start(stack, logDir, null);
  }

  /**
   * With integration-services too, its provider settings ({@code GITHUB_CLIENT_ID}, {@code
   * DEVFLOW_INTEGRATIONS_GITHUB_WEB_URL}...) taken from {@code integrationsEnv}; its public URL is
   * this gateway's, so OAuth providers send the browser back to this gateway's dashboard.
   */
  public static SaasStack withIntegrations(
      DevflowStack stack, Path logDir, Map<String, String> integrationsEnv) throws Exception {
    return start(stack, logDir, Map.copyOf(integrationsEnv));
  }

  /**
   * Without integration-services, with extra environment variables per service (keyed by service
   * name, e.g. {@code knowledge-hub}): a benchmark lets the knowledge hub crawl a loopback site.
   */
  public static SaasStack startWith(
      DevflowStack stack, Path logDir, Map<String, Map<String, String>> serviceEnv)
      throws Exception {
    return start(stack, logDir, null, Map.copyOf(serviceEnv));
  }

  private static SaasStack start(
      DevflowStack stack, Path logDir, Map<String, String> integrationsEnv) throws Exception {
    return start(stack, logDir, integrationsEnv, Map.of());
  }

  private static SaasStack start(
      DevflowStack stack,
      Path logDir,
      Map<String, String> integrationsEnv,
      Map<String, Map<String, String>> serviceEnv)
      throws Exception {
    SaasStack saas = new SaasStack();
    saas.extraEnv = serviceEnv;
    try {
      saas.launchAll(stack, logDir, integrationsEnv);
      return saas;
    } catch (Exception | Error e) {
      // The services already started would outlive the test JVM otherwise.
      saas.close();
      throw e;
    }
  }

  private void launchAll(DevflowStack stack, Path logDir, Map<String, String> integrationsEnv)
      throws Exception {
    Files.createDirectories(logDir);
    KeyPair keys = KeyPairGenerator.getInstance("RSA").genKeyPair();
    String publicKey = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    String privateKey =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(keys.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----";
    Map<String, String> common = new HashMap<>();
    common.put("DEVFLOW_MODE", "saas");
    common.put("DATABASE_URL", stack.databaseUrl());
    common.put("DEVFLOW_JWT_PUBLIC_KEY", publicKey);
    common.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    String kh =
        launch(
            stack,
            "knowledge-hub",
            common,
            Map.of("DEVFLOW_KNOWLEDGE_HUB_DATA_DIR", logDir.resolve("kh-data").toString()),
            logDir);
    // Each tenant's repositories live under <root>/<tenant>; runners serve the others.
    reposRoot = Files.createDirectories(logDir.resolve("repos"));
    tmuxDir = logDir.resolve("tmux");
    String we =
        launch(
            stack,
            "workflow-engine",
            common,
            Map.of(
                // Runs on the engine's own tmux inside each tenant's root, or on runners.
                "DEVFLOW_WORKFLOW_ENGINE_RUNTIME",
                "tmux",
                "DEVFLOW_REPOS_ROOT",
                reposRoot.toString(),
                "DEVFLOW_WORKFLOW_ENGINE_TMUX_SOCKET_DIR",
                logDir.resolve("tmux").toString(),
                "DEVFLOW_WORKFLOW_ENGINE_WORKTREES_ROOT",
                logDir.resolve("worktrees").toString()),
            logDir);
    Map<String, String> mcpEnv = new HashMap<>(common);
    mcpEnv.remove("DATABASE_URL");
    String mcp =
        launch(
            stack,
            "mcp-gateway",
            mcpEnv,
            Map.of("KNOWLEDGE_HUB_URL", kh, "WORKFLOW_ENGINE_URL", we),
            logDir);
    Map<String, String> gatewayEnv = new HashMap<>();
    gatewayEnv.put("DEVFLOW_JWT_PRIVATE_KEY", privateKey);
    gatewayEnv.put("KNOWLEDGE_HUB_URL", kh);
    gatewayEnv.put("WORKFLOW_ENGINE_URL", we);
    gatewayEnv.put("MCP_GATEWAY_URL", mcp);
    // Known before the gateway starts: integration-services needs it as its public URL.
    int gatewayPort = freePort();
    String gatewayUrl = "http://127.0.0.1:" + gatewayPort;
    if (integrationsEnv == null) {
      gatewayEnv.put("DEVFLOW_GATEWAY_ROUTES_INTEGRATIONS_PROVISIONED", "false");
    } else {
      Map<String, String> own = new HashMap<>(integrationsEnv);
      own.put("DEVFLOW_JWT_PRIVATE_KEY", privateKey);
      own.put("DEVFLOW_PUBLIC_URL", gatewayUrl);
      own.put("KNOWLEDGE_HUB_URL", kh);
      own.put("WORKFLOW_ENGINE_URL", we);
      gatewayEnv.put("INTEGRATION_SERVICES_URL", launchIntegrations(stack, common, own, logDir));
      gatewayEnv.put("DEVFLOW_GATEWAY_ROUTES_INTEGRATIONS_PROVISIONED", "true");
    }
    this.gatewayUrl = launch(stack, "api-gateway", common, gatewayEnv, logDir, gatewayPort);
  }

  /** integration-services with a token encryption key made for this run, as SaaS requires one. */
  private String launchIntegrations(
      DevflowStack stack, Map<String, String> common, Map<String, String> own, Path logDir)
      throws Exception {
    Map<String, String> env = new HashMap<>(own);
    env.put("SECRET_ENCRYPTION_KEY", "e2e:" + randomKey());
    return launch(stack, "integration-services", common, env, logDir);
  }

  /** A fresh 32-byte AES key in base64, as {@code openssl rand -base64 32} makes one. */
  private static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  public String gatewayUrl() {
    return gatewayUrl;
  }

  /** The directory of tenants' own repository roots ({@code <root>/<tenant>}). */
  public Path reposRoot() {
    return reposRoot;
  }

  private String launch(
      DevflowStack stack,
      String service,
      Map<String, String> common,
      Map<String, String> own,
      Path logDir)
      throws Exception {
    return launch(stack, service, common, own, logDir, freePort());
  }

  private String launch(
      DevflowStack stack,
      String service,
      Map<String, String> common,
      Map<String, String> own,
      Path logDir,
      int port)
      throws Exception {
    Path log = logDir.resolve("saas-" + service + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx384m",
                "-jar",
                stack
                    .repo()
                    .resolve(service)
                    .resolve("target/quarkus-app/quarkus-run.jar")
                    .toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(common);
    builder.environment().putAll(own);
    builder.environment().putAll(extraEnv.getOrDefault(service, Map.of()));
    builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
    Process process = builder.start();
    processes.add(process);
    String url = "http://127.0.0.1:" + port;
    awaitReady(service, process, url, log);
    return url;
  }

  private void awaitReady(String service, Process process, String url, Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(service + " exited:\n" + Files.readString(log));
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url + "/health/live")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(service + " did not start in 120 s; see " + log);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    if (tmuxDir != null) {
      Commands.killTmuxServers(tmuxDir);
    }
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
