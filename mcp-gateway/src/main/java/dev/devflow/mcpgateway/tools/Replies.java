package dev.devflow.mcpgateway.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkiverse.mcp.server.ToolResponse;

/** Tool answers as text a model reads well: a one-line summary, then the data as JSON. */
final class Replies {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Replies() {}

  static ToolResponse json(String summary, JsonNode data) {
    return ToolResponse.success(summary + "\n\n" + pretty(data));
  }

  static String pretty(JsonNode data) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(data);
    } catch (JsonProcessingException e) {
      return data.toString();
    }
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? "" : value.asText();
  }
}
