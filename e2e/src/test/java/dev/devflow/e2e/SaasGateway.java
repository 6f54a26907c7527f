package dev.devflow.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A second api-gateway, in SaaS mode, on the stack's database: API keys required, tenants, users
 * and keys, which local mode does not have. Only the gateway's own resources (sign-in, users, keys,
 * usage, events, /ws) are meant to be used through it: its routes to the services are not
 * provisioned, since the local stack's services do not know its token-signing key.
 */
public final class SaasGateway implements AutoCloseable {

  private static final Pattern API_KEY = Pattern.compile("\"apiKey\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern PRINTED_KEY = Pattern.compile("(dfk_\\S+)");

  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private SaasGateway(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts it on a free loopback port and waits until it is ready. */
  public static SaasGateway start(DevflowStack stack, Path logDir) throws Exception {
    int port = freePort();
    Files.createDirectories(logDir);
    Path jar = stack.repo().resolve("api-gateway/target/quarkus-app/quarkus-run.jar");
    ProcessBuilder builder =
        new ProcessBuilder(
            "java",
            "-XX:TieredStopAtLevel=1",
            "-Ddevflow.mode=saas",
            "-Dquarkus.http.host=127.0.0.1",
            "-Dquarkus.http.port=" + port,
            "-Ddevflow.gateway.routes.knowledge.provisioned=false",
            "-Ddevflow.gateway.routes.workflows.provisioned=false",
            "-Ddevflow.gateway.routes.integrations.provisioned=false",
            "-jar",
            jar.toString());
    builder.environment().put("DATABASE_URL", stack.databaseUrl());
    builder.environment().put("DEVFLOW_JWT_PRIVATE_KEY", privateKeyPem());
    builder.redirectErrorStream(true);
    builder.redirectOutput(logDir.resolve("saas-gateway.log").toFile());
    SaasGateway gateway = new SaasGateway(builder.start(), port);
    gateway.awaitReady(Duration.ofSeconds(90), logDir.resolve("saas-gateway.log"));
    return gateway;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * Provisions a tenant with {@code devflow create-admin}'s platform key; returns its admin key.
   */
  public String aTenant(DevflowStack stack, String slug) throws Exception {
    Commands.Result admin = stack.devflow("create-admin", "--email", "root@e2e.devflow.test");
    Matcher key = PRINTED_KEY.matcher(admin.output());
    if (admin.exitCode() != 0 || !key.find()) {
      throw new IllegalStateException("devflow create-admin failed:\n" + admin.output());
    }
    return apiKey(
        post(
            "/api/v1/tenants",
            key.group(1),
            "{\"slug\":\"%s\",\"name\":\"E2E %s\",\"plan\":\"pro\",\"adminEmail\":\"admin@%s.test\"}"
                .formatted(slug, slug, slug)));
  }

  /** Adds a user with {@code role} to the tenant of {@code adminKey}; returns the user's key. */
  public String aUser(String adminKey, String email, String role) throws Exception {
    return apiKey(
        post(
            "/api/v1/users",
            adminKey,
            "{\"email\":\"%s\",\"role\":\"%s\"}".formatted(email, role)));
  }

  private String post(String path, String key, String json) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          "POST " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private static String apiKey(String body) {
    Matcher m = API_KEY.matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("no apiKey in " + body);
    }
    return m.group(1);
  }

  private void awaitReady(Duration timeout, Path log) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the SaaS gateway exited:\n" + Files.readString(log));
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    close();
    throw new IllegalStateException("the SaaS gateway was not ready in " + timeout);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String privateKeyPem() throws NoSuchAlgorithmException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs8)
        + "\n-----END PRIVATE KEY-----\n";
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
