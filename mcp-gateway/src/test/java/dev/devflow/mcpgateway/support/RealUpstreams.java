package dev.devflow.mcpgateway.support;

import dev.devflow.common.testing.PackagedService;
import dev.devflow.common.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/**
 * The real knowledge-hub and workflow-engine, run from their Quarkus builds on embedded PostgreSQL,
 * behind the gateway under test. Started once per test JVM (profiles restart only the gateway) and
 * stopped with it. Tenants local, alpha and beta are migrated; both trust {@link TestTokens}.
 */
public class RealUpstreams implements QuarkusTestResourceLifecycleManager {

  /*
   * Quarkus loads test resources in a new class loader for each profile, so the running services
   * are remembered in system properties, which the whole JVM shares, not in static fields.
   */
  private static final String KH_URL = "mcp-test.upstream.knowledge-hub";
  private static final String WE_URL = "mcp-test.upstream.workflow-engine";

  @Override
  public Map<String, String> start() {
    startOnce();
    return Map.of(
        "devflow.mcp-gateway.knowledge-hub-url", knowledgeHubUrl(),
        "devflow.mcp-gateway.workflow-engine-url", workflowEngineUrl());
  }

  @Override
  public void stop() {
    // Kept for the next profile; the shutdown hook stops them with the JVM.
  }

  public static String knowledgeHubUrl() {
    startOnce();
    return System.getProperty(KH_URL);
  }

  public static String workflowEngineUrl() {
    startOnce();
    return System.getProperty(WE_URL);
  }

  private static synchronized void startOnce() {
    if (System.getProperty(KH_URL) != null && System.getProperty(WE_URL) != null) {
      return;
    }
    Map<String, String> common = new HashMap<>();
    common.put("MP_JWT_VERIFY_PUBLICKEY", TestTokens.publicKey());
    common.put("DEVFLOW_TENANTS_MIGRATE_AT_START", "local,alpha,beta");
    Map<String, String> knowledge = new HashMap<>(common);
    knowledge.put("DEVFLOW_KNOWLEDGE_HUB_ALLOW_PRIVATE_ADDRESSES", "true");
    knowledge.put("DEVFLOW_KNOWLEDGE_HUB_CRAWL_POLITENESS_DELAY", "0ms");
    knowledge.put("DEVFLOW_KNOWLEDGE_HUB_CRAWL_PROGRESS_INTERVAL", "100ms");
    PackagedService kh = start("knowledge-hub", knowledge);
    PackagedService we = start("workflow-engine", common);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(kh, we)));
    System.setProperty(KH_URL, kh.url());
    System.setProperty(WE_URL, we.url());
  }

  private static PackagedService start(String module, Map<String, String> env) {
    if (!Files.isRegularFile(PackagedService.jarOf(module))) {
      throw new IllegalStateException(
          PackagedService.jarOf(module)
              + " is missing: the MCP tests run the real "
              + module
              + ". Build it first: ./mvnw -B package -pl "
              + module
              + " -DskipTests (a full ./mvnw verify does this in order).");
    }
    try {
      return PackagedService.start(module, env);
    } catch (Exception e) {
      throw new IllegalStateException("Could not start " + module, e);
    }
  }

  private static void closeQuietly(PackagedService... services) {
    for (PackagedService service : services) {
      try {
        service.close();
      } catch (Exception e) {
        // the JVM is exiting anyway
      }
    }
  }
}
