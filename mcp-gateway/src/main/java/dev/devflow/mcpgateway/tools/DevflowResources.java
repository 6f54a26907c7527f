package dev.devflow.mcpgateway.tools;

import dev.devflow.mcpgateway.access.CallerAuthorization;
import dev.devflow.mcpgateway.knowledge.KnowledgeHubClient;
import dev.devflow.mcpgateway.workflow.WorkflowEngineClient;
import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkiverse.mcp.server.McpException;
import io.quarkiverse.mcp.server.RequestUri;
import io.quarkiverse.mcp.server.ResourceTemplate;
import io.quarkiverse.mcp.server.ResourceTemplateArg;
import io.quarkiverse.mcp.server.TextResourceContents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Documents and tasks as MCP resources, for clients that would rather attach them than call a tool.
 * A missing one is a resource error naming what was asked for.
 */
@ApplicationScoped
public class DevflowResources {

  private final KnowledgeHubClient hub;
  private final WorkflowEngineClient engine;
  private final CallerAuthorization caller;

  public DevflowResources(
      KnowledgeHubClient hub, WorkflowEngineClient engine, CallerAuthorization caller) {
    this.hub = hub;
    this.engine = engine;
    this.caller = caller;
  }

  @ResourceTemplate(
      name = "document",
      uriTemplate = "devflow://documents/{id}",
      description = "A stored page or file of the knowledge base (first 100,000 characters).",
      mimeType = "text/plain")
  public Uni<TextResourceContents> document(
      @ResourceTemplateArg(name = "id") String id, RequestUri uri) {
    long documentId = number(id, "document");
    return hub.document(caller.header(), documentId, 0, 100_000)
        .map(doc -> new TextResourceContents(uri.value(), doc.path("text").asText(), "text/plain"))
        .onFailure()
        .transform(e -> failure(KnowledgeTools.SERVICE, e));
  }

  @ResourceTemplate(
      name = "task",
      uriTemplate = "devflow://tasks/{id}",
      description = "A workflow task with its status, result summary and commits, as JSON.",
      mimeType = "application/json")
  public Uni<TextResourceContents> task(
      @ResourceTemplateArg(name = "id") String id, RequestUri uri) {
    long taskId = number(id, "task");
    return engine
        .task(caller.header(), taskId)
        .map(
            task -> new TextResourceContents(uri.value(), Replies.pretty(task), "application/json"))
        .onFailure()
        .transform(e -> failure(WorkflowTools.SERVICE, e));
  }

  private static McpException failure(String service, Throwable e) {
    boolean missing =
        e instanceof dev.devflow.mcpgateway.upstream.UpstreamException u && u.status() == 404;
    return new McpException(
        ToolFailures.describe(service, e),
        missing ? JsonRpcErrorCodes.RESOURCE_NOT_FOUND : JsonRpcErrorCodes.INTERNAL_ERROR);
  }

  private static long number(String id, String what) {
    try {
      long n = Long.parseLong(id);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new McpException(
        "A " + what + " id is a positive number, not '" + id + "'.",
        JsonRpcErrorCodes.INVALID_PARAMS);
  }
}
