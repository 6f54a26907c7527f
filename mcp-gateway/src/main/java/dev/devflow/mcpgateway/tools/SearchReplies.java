package dev.devflow.mcpgateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkiverse.mcp.server.ToolResponse;

/** Search answers as readable text: one numbered block per hit, with where it comes from. */
final class SearchReplies {

  private SearchReplies() {}

  static ToolResponse passages(JsonNode result) {
    JsonNode hits = result.path("results");
    if (hits.isEmpty()) {
      return ToolResponse.success(
          "No passages match \""
              + Replies.text(result, "query")
              + "\". Try other words, or check list_sources for what the knowledge base holds.");
    }
    StringBuilder out =
        new StringBuilder()
            .append(hits.size())
            .append(" passage(s) for \"")
            .append(Replies.text(result, "query"))
            .append("\" (")
            .append(Replies.text(result, "mode"))
            .append(" search), best first:\n");
    if (result.hasNonNull("notice")) {
      out.append("Note: ").append(result.get("notice").asText()).append('\n');
    }
    int n = 1;
    for (JsonNode hit : hits) {
      out.append("\n").append(n++).append(". ").append(heading(hit)).append('\n');
      out.append("   url: ").append(Replies.text(hit, "url"));
      out.append(" | source: ").append(Replies.text(hit, "sourceName"));
      out.append(" (").append(Replies.text(hit, "sourceId")).append(')');
      out.append(String.format(" | score: %.3f%n", hit.path("score").asDouble()));
      out.append(Replies.text(hit, "text").strip()).append('\n');
      for (JsonNode other : hit.path("passages")) {
        out.append("   also on this page: ");
        String path = Replies.text(other, "headingPath");
        if (!path.isEmpty()) {
          out.append(path).append(": ");
        }
        out.append(plain(Replies.text(other, "snippet"))).append('\n');
      }
    }
    return ToolResponse.success(out.toString());
  }

  static ToolResponse codeExamples(JsonNode hits) {
    if (hits.isEmpty()) {
      return ToolResponse.success("No code examples match. Try other words or another language.");
    }
    StringBuilder out = new StringBuilder().append(hits.size()).append(" code example(s):\n");
    int n = 1;
    for (JsonNode hit : hits) {
      String language = Replies.text(hit, "language");
      out.append("\n").append(n++).append(". ").append(Replies.text(hit, "title"));
      out.append(" (").append(language.isEmpty() ? "unknown language" : language).append(")\n");
      out.append("   url: ").append(Replies.text(hit, "url")).append('\n');
      String context = Replies.text(hit, "context").strip();
      if (!context.isEmpty()) {
        out.append("   context: ").append(context).append('\n');
      }
      out.append("```").append(language).append('\n');
      out.append(Replies.text(hit, "code").strip()).append("\n```\n");
    }
    return ToolResponse.success(out.toString());
  }

  /** A snippet without its highlighting tags, on one line. */
  static String plain(String snippet) {
    return snippet.replaceAll("</?b>", "").replaceAll("\\s+", " ").strip();
  }

  static String heading(JsonNode hit) {
    String title = Replies.text(hit, "title");
    String path = Replies.text(hit, "headingPath");
    if (path.isEmpty()) {
      return title;
    }
    return path.startsWith(title) ? path : title + " › " + path;
  }
}
