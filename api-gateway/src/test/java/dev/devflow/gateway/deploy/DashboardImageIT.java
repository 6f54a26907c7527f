package dev.devflow.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The devflow/web-dashboard image's nginx configuration, run with Debian's nginx over the real
 * dashboard build: the app at /, client-side routes falling back to it, hashed assets cached for
 * good, a health endpoint, and 404 for a missing asset.
 */
class DashboardImageIT {

  @TempDir Path prefix;

  @Test
  void servesTheBuiltDashboardWithClientSideRoutes() throws Exception {
    DeployTools.assumeTool("nginx", "nginx");
    Path dist = DeployTools.repo().resolve("web-dashboard/dist");
    assertThat(dist.resolve("index.html")).as("web-dashboard is built before api-gateway").exists();
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String site =
        DeployTools.read(DeployTools.repo().resolve("web-dashboard/docker/default.conf"))
            .replace("listen 8080;", "listen 127.0.0.1:" + port + ";")
            .replace("root /usr/share/nginx/html;", "root " + dist + ";");
    Path conf = prefix.resolve("nginx.conf");
    Files.createDirectories(prefix.resolve("logs"));
    DeployTools.write(
        conf,
        "worker_processes 1;\npid "
            + prefix.resolve("nginx.pid")
            + ";\nerror_log "
            + prefix.resolve("logs/error.log")
            + ";\nevents {}\nhttp {\n  include /etc/nginx/mime.types;\n"
            + "  access_log off;\n  client_body_temp_path "
            + prefix
            + ";\n"
            + site
            + "\n}\n");
    DeployTools.Run check =
        DeployTools.run(prefix, Map.of(), "nginx", "-t", "-p", prefix + "/", "-c", conf.toString());
    assertThat(check.exit()).as("nginx -t: %s", check.output()).isZero();

    Process nginx =
        new ProcessBuilder("nginx", "-p", prefix + "/", "-c", conf.toString(), "-g", "daemon off;")
            .redirectErrorStream(true)
            .redirectOutput(prefix.resolve("logs/nginx.out").toFile())
            .start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + port;
      HttpResponse<String> root = awaitUp(http, base + "/");
      assertThat(root.statusCode()).isEqualTo(200);
      assertThat(root.body()).contains("<div id=\"root\"");
      HttpResponse<String> route = get(http, base + "/workflows/42");
      assertThat(route.statusCode()).isEqualTo(200);
      assertThat(route.body()).isEqualTo(root.body());
      assertThat(get(http, base + "/health").body()).isEqualTo("UP\n");
      assertThat(get(http, base + "/assets/missing-0000.js").statusCode()).isEqualTo(404);
      try (var assets = Files.list(dist.resolve("assets"))) {
        String asset = assets.findFirst().orElseThrow().getFileName().toString();
        HttpResponse<String> hashed = get(http, base + "/assets/" + asset);
        assertThat(hashed.statusCode()).isEqualTo(200);
        assertThat(hashed.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
      }
    } finally {
      nginx.destroy();
    }
  }

  private static HttpResponse<String> awaitUp(HttpClient http, String url) throws Exception {
    for (int i = 0; i < 50; i++) {
      try {
        return get(http, url);
      } catch (java.io.IOException e) {
        Thread.sleep(100);
      }
    }
    return get(http, url);
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
