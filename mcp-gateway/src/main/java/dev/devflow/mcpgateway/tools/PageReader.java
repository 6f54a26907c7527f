package dev.devflow.mcpgateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devflow.mcpgateway.knowledge.KnowledgeHubClient;
import dev.devflow.mcpgateway.upstream.UpstreamRejectedException;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Whole documents: the pages behind search hits, and windows of one document's text. */
@ApplicationScoped
public class PageReader {

  static final int MAX_PAGES = 3;
  static final int PAGE_CHARS = 20_000;

  private final KnowledgeHubClient hub;

  public PageReader(KnowledgeHubClient hub) {
    this.hub = hub;
  }

  /** The distinct pages of the best hits, each up to {@link #PAGE_CHARS} characters. */
  Uni<ToolResponse> wholePages(String auth, JsonNode result) {
    Map<String, JsonNode> distinct = new LinkedHashMap<>();
    for (JsonNode hit : result.path("results")) {
      distinct.putIfAbsent(Replies.text(hit, "sourceId") + ' ' + Replies.text(hit, "url"), hit);
    }
    List<JsonNode> best =
        new ArrayList<>(distinct.values()).subList(0, Math.min(MAX_PAGES, distinct.size()));
    if (best.isEmpty()) {
      return Uni.createFrom().item(SearchReplies.passages(result));
    }
    List<Uni<String>> reads = new ArrayList<>();
    for (JsonNode hit : best) {
      reads.add(
          read(auth, null, Replies.text(hit, "url"), Replies.text(hit, "sourceId"), 0, PAGE_CHARS)
              .map(page -> page.content().isEmpty() ? "" : page.firstContent().asText().text()));
    }
    return Uni.join()
        .all(reads)
        .andFailFast()
        .map(
            texts ->
                ToolResponse.success(
                    texts.size()
                        + " page(s) for \""
                        + Replies.text(result, "query")
                        + "\", best first:\n\n"
                        + String.join("\n\n---\n\n", texts)));
  }

  /** A window of one document, found by id or by URL (within a source when given). */
  Uni<ToolResponse> read(
      String auth, Long documentId, String url, String sourceId, int offset, int maxChars) {
    Uni<Long> id =
        documentId != null
            ? Uni.createFrom().item(documentId)
            : hub.documents(auth, blankToNull(sourceId), url, 2).map(list -> idOf(list, url));
    return id.chain(docId -> hub.document(auth, docId, offset, maxChars)).map(PageReader::window);
  }

  private static long idOf(JsonNode list, String url) {
    if (list.isEmpty()) {
      throw new UpstreamRejectedException(404, "Not found: no stored document has the URL " + url);
    }
    if (list.size() > 1) {
      throw new UpstreamRejectedException(
          409, "Ambiguous: several sources hold " + url + "; pass sourceId too");
    }
    return list.get(0).path("id").asLong();
  }

  private static ToolResponse window(JsonNode doc) {
    int offset = doc.path("offset").asInt();
    int length = doc.path("length").asInt();
    String text = Replies.text(doc, "text");
    int end = offset + text.length();
    StringBuilder out =
        new StringBuilder()
            .append("# ")
            .append(Replies.text(doc, "title"))
            .append("\nurl: ")
            .append(Replies.text(doc, "url"))
            .append(" | documentId: ")
            .append(doc.path("id").asLong())
            .append(" | sourceId: ")
            .append(Replies.text(doc, "sourceId"))
            .append(String.format(" | characters %d-%d of %d%n%n", offset, end, length))
            .append(text);
    if (end < length) {
      out.append("\n\n[continues: call read_document with documentId=")
          .append(doc.path("id").asLong())
          .append(" and offset=")
          .append(end)
          .append(']');
    }
    return ToolResponse.success(out.toString());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
