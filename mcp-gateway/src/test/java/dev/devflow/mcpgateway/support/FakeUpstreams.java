package dev.devflow.mcpgateway.support;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Loopback HTTP servers answering /health/ready the way knowledge-hub and workflow-engine do, so
 * the gateway's readiness can be watched while one of them goes away and comes back.
 */
public class FakeUpstreams implements QuarkusTestResourceLifecycleManager {

  public static volatile boolean knowledgeHubUp = true;

  private HttpServer knowledgeHub;
  private HttpServer workflowEngine;

  @Override
  public Map<String, String> start() {
    knowledgeHub = serve(true);
    workflowEngine = serve(false);
    return Map.of(
        "devflow.mcp-gateway.knowledge-hub-url", url(knowledgeHub),
        "devflow.mcp-gateway.workflow-engine-url", url(workflowEngine));
  }

  @Override
  public void stop() {
    knowledgeHub.stop(0);
    workflowEngine.stop(0);
  }

  private static HttpServer serve(boolean switchable) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/health/ready",
          exchange -> {
            boolean up = !switchable || knowledgeHubUp;
            byte[] body =
                ("{\"status\":\"" + (up ? "UP" : "DOWN") + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(up ? 200 : 503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String url(HttpServer server) {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }
}
