package dev.devflow.integrations.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Turns provider content into Markdown the knowledge hub chunks by heading: GitHub issues, Jira
 * issues (their Atlassian Document Format descriptions), Confluence pages (storage-format XHTML)
 * with their ancestors as a breadcrumb.
 */
public final class Markup {

  private Markup() {}

  /** A GitHub issue as Markdown. */
  public static String githubIssue(String repo, JsonNode issue) {
    List<String> labels = new ArrayList<>();
    issue.path("labels").forEach(l -> labels.add(l.path("name").asText()));
    return "# "
        + repo
        + "#"
        + issue.path("number").asText()
        + ": "
        + issue.path("title").asText()
        + "\n\nState: "
        + issue.path("state").asText()
        + (labels.isEmpty() ? "" : " | Labels: " + String.join(", ", labels))
        + " | Updated: "
        + issue.path("updated_at").asText()
        + "\nURL: "
        + issue.path("html_url").asText()
        + "\n\n"
        + issue.path("body").asText("");
  }

  /** A Jira issue as Markdown. */
  public static String jiraIssue(String siteUrl, JsonNode issue) {
    JsonNode f = issue.path("fields");
    String key = issue.path("key").asText();
    return "# "
        + key
        + ": "
        + f.path("summary").asText()
        + "\n\nType: "
        + f.path("issuetype").path("name").asText("?")
        + " | Status: "
        + f.path("status").path("name").asText("?")
        + " | Updated: "
        + f.path("updated").asText()
        + "\nURL: "
        + (siteUrl == null ? "" : siteUrl.replaceAll("/+$", ""))
        + "/browse/"
        + key
        + "\n\n"
        + adf(f.path("description")).strip()
        + "\n";
  }

  /** Plain text of an Atlassian Document Format node (a string is taken as it is). */
  public static String adf(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return "";
    }
    if (node.isTextual()) {
      return node.asText();
    }
    StringBuilder out = new StringBuilder();
    String type = node.path("type").asText();
    if ("text".equals(type)) {
      return node.path("text").asText();
    }
    if ("hardBreak".equals(type)) {
      return "\n";
    }
    if ("heading".equals(type)) {
      out.append("#".repeat(Math.max(1, Math.min(6, node.path("attrs").path("level").asInt(2)))))
          .append(' ');
    } else if ("listItem".equals(type)) {
      out.append("- ");
    } else if ("codeBlock".equals(type)) {
      out.append("```\n");
    }
    node.path("content").forEach(child -> out.append(adf(child)));
    if ("codeBlock".equals(type)) {
      out.append("\n```");
    }
    if (List.of("paragraph", "heading", "codeBlock", "listItem", "blockquote").contains(type)) {
      out.append("\n\n");
    }
    return out.toString();
  }

  /** A Confluence page (storage format) as Markdown under its breadcrumb. */
  public static String confluencePage(
      String space, List<String> ancestors, String title, String html, String url) {
    List<String> path = new ArrayList<>(ancestors);
    path.add(title);
    return "# "
        + title
        + "\n\nSpace: "
        + space
        + " | Path: "
        + String.join(" > ", path)
        + (url == null ? "" : "\nURL: " + url)
        + "\n\n"
        + html(html).strip()
        + "\n";
  }

  /** Storage-format XHTML to Markdown: headings, paragraphs, list items, code blocks. */
  static String html(String html) {
    StringBuilder out = new StringBuilder();
    Element body = Jsoup.parseBodyFragment(html == null ? "" : html).body();
    walk(body, out);
    return out.toString().replaceAll("\n{3,}", "\n\n");
  }

  private static void walk(Node node, StringBuilder out) {
    for (Node child : node.childNodes()) {
      if (child instanceof TextNode text) {
        out.append(text.text());
      } else if (child instanceof Element e) {
        String tag = e.normalName();
        if (tag.matches("h[1-6]")) {
          // Page headings sit below the page title.
          int level = Math.min(6, Integer.parseInt(tag.substring(1)) + 1);
          out.append("\n\n").append("#".repeat(level)).append(' ').append(e.text()).append("\n\n");
        } else if ("pre".equals(tag) || "ac:plain-text-body".equals(tag)) {
          out.append("\n\n```\n").append(e.wholeText()).append("\n```\n\n");
        } else if ("li".equals(tag)) {
          out.append("\n- ");
          walk(e, out);
        } else if ("br".equals(tag)) {
          out.append('\n');
        } else {
          boolean block = e.isBlock() || "p".equals(tag);
          if (block) {
            out.append("\n\n");
          }
          walk(e, out);
          if (block) {
            out.append("\n\n");
          }
        }
      }
    }
  }
}
