package dev.devflow.agents.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * DevFlow's Docker socket proxy: listens on HTTP on DevFlow's network and passes to the Docker
 * socket only what {@link ProxyRules} allows. It runs as a container of its own, the only one that
 * mounts the socket; the workflow engine gets its address instead.
 *
 * <p>Configured by environment: {@code DEVFLOW_DOCKER_PROXY_IMAGES}, {@code _NETWORKS}, {@code
 * _VOLUMES} (comma-separated), {@code _USER}, {@code _PORT} (2375), {@code DOCKER_SOCKET} ({@code
 * /var/run/docker.sock}).
 */
public final class SocketProxy {

  private static final Logger LOG = Logger.getLogger(SocketProxy.class.getName());
  private static final int MAX_REQUEST = 1024 * 1024;

  private final ProxyRules rules;
  private final DockerTransport docker;
  private final ObjectMapper json = new ObjectMapper();
  private HttpServer server;

  public SocketProxy(ProxyRules rules, DockerTransport docker) {
    this.rules = rules;
    this.docker = docker;
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> env = System.getenv();
    ProxyRules rules =
        new ProxyRules(
            list(env, "DEVFLOW_DOCKER_PROXY_IMAGES"),
            list(env, "DEVFLOW_DOCKER_PROXY_NETWORKS"),
            list(env, "DEVFLOW_DOCKER_PROXY_VOLUMES"),
            env.getOrDefault("DEVFLOW_DOCKER_PROXY_USER", "185:0"));
    int port = Integer.parseInt(env.getOrDefault("DEVFLOW_DOCKER_PROXY_PORT", "2375"));
    String socket = env.getOrDefault("DOCKER_SOCKET", "/var/run/docker.sock");
    SocketProxy proxy = new SocketProxy(rules, DockerTransport.of("unix://" + socket));
    proxy.start(new InetSocketAddress(port));
    LOG.info(
        "devflow docker proxy on port "
            + port
            + " for "
            + socket
            + ": images "
            + rules.images()
            + ", networks "
            + rules.networks()
            + ", volumes "
            + rules.volumes()
            + ", user "
            + rules.user());
  }

  /** Starts listening; returns the port (useful when address asks for any). */
  public int start(InetSocketAddress address) throws IOException {
    server = HttpServer.create(address, 64);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
    return server.getAddress().getPort();
  }

  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      URI uri = exchange.getRequestURI();
      String path = uri.getRawPath();
      byte[] body = exchange.getRequestBody().readNBytes(MAX_REQUEST + 1);
      if (body.length > MAX_REQUEST) {
        refuse(exchange, 413, "the request body is larger than " + MAX_REQUEST + " bytes");
        return;
      }
      ProxyRules.Verdict verdict = rules.route(method, path, query(uri.getRawQuery()));
      if (verdict.allowed() && "/containers/create".equals(ProxyRules.unversioned(path))) {
        JsonNode request;
        try {
          request = json.readTree(body);
        } catch (IOException e) {
          request = null;
        }
        verdict = rules.create(request);
      }
      if (verdict.allowed() && verdict.container().isPresent()) {
        DockerTransport.Answer inspected =
            docker.send("GET", "/v1.41/containers/" + verdict.container().get() + "/json", null);
        if (inspected.status() == 404) {
          answer(exchange, inspected);
          return;
        }
        if (inspected.status() != 200 || !ProxyRules.isAgent(json.readTree(inspected.body()))) {
          verdict =
              ProxyRules.Verdict.refuse(
                  verdict.container().get() + " is not a DevFlow agent container");
        }
      }
      if (!verdict.allowed()) {
        LOG.warning("refused " + method + " " + path + ": " + verdict.reason());
        refuse(exchange, 403, verdict.reason());
        return;
      }
      String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
      if ("/containers/json".equals(ProxyRules.unversioned(path))) {
        target = ProxyRules.agentListing(path);
      }
      answer(exchange, docker.send(method, target, body.length == 0 ? null : body));
    } catch (IOException | RuntimeException e) {
      LOG.warning("docker proxy: " + e);
      try {
        refuse(exchange, 502, "the Docker engine did not answer: " + e.getMessage());
      } catch (IOException | RuntimeException ignored) {
        // the answer may have begun already
      }
    }
  }

  private void refuse(HttpExchange exchange, int status, String message) throws IOException {
    byte[] body = json.writeValueAsBytes(Map.of("message", "devflow docker proxy: " + message));
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void answer(HttpExchange exchange, DockerTransport.Answer answer)
      throws IOException {
    if (!answer.contentType().isEmpty()) {
      exchange.getResponseHeaders().set("Content-Type", answer.contentType());
    }
    boolean empty = answer.body().length == 0;
    exchange.sendResponseHeaders(answer.status(), empty ? -1 : answer.body().length);
    if (!empty) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer.body());
      }
    }
  }

  static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return query;
  }

  private static Set<String> list(Map<String, String> env, String name) {
    String value = env.getOrDefault(name, "");
    return Arrays.stream(value.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }
}
