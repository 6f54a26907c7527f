package dev.devflow.knowledgehub.ingest;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/**
 * HTML to clean structured text with jsoup: navigation, headers, footers, asides and scripts are
 * dropped; headings become the heading path of what follows; code blocks are kept whole with their
 * language and the prose before them.
 */
public final class HtmlExtractor {

  private static final String BOILERPLATE =
      "nav, header, footer, aside, script, style, noscript, template, form, iframe, svg,"
          + " [role=navigation], [role=banner], [role=contentinfo], [aria-hidden=true]";
  private static final Pattern CHROME =
      Pattern.compile(
          "(^|[\\s_-])(nav|navbar|navheader|navfooter|sidebar|breadcrumbs?|menu|site-header|"
              + "site-footer|footer|skip-link)([\\s_-]|$)");
  private static final Pattern LANGUAGE =
      Pattern.compile("(?:language|lang|highlight|brush)[-:]\\s*([A-Za-z0-9+#_-]+)");
  private static final Set<String> BLOCKS =
      Set.of(
          "p",
          "div",
          "li",
          "ul",
          "ol",
          "table",
          "tr",
          "td",
          "th",
          "dl",
          "dt",
          "dd",
          "blockquote",
          "section",
          "article",
          "main",
          "br",
          "figure",
          "figcaption",
          "caption",
          "hr");

  private HtmlExtractor() {}

  public static ParsedDocument parse(String html, URI url) {
    Document doc = Jsoup.parse(html, url.toString());
    List<URI> links = links(doc, url);
    URI canonical = canonical(doc, url);
    String title = doc.title().isBlank() ? firstHeading(doc) : doc.title().trim();
    doc.select(BOILERPLATE).remove();
    for (Element e : doc.select("[class], [id]")) {
      if (e.parent() != null && isChrome(e)) {
        e.remove();
      }
    }
    Element root = firstOf(doc, "main", "[role=main]", "article").orElse(doc.body());
    Walker walker = new Walker();
    if (root != null) {
      root.traverse(walker);
    }
    walker.flush();
    return new ParsedDocument(title, walker.blocks, links, canonical);
  }

  private static boolean isChrome(Element e) {
    String marks = (e.className() + " " + e.id()).toLowerCase(Locale.ROOT);
    return CHROME.matcher(marks).find() && !e.is("body, html, main, article");
  }

  private static Optional<Element> firstOf(Document doc, String... selectors) {
    for (String s : selectors) {
      Element e = doc.selectFirst(s);
      if (e != null) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  private static String firstHeading(Document doc) {
    Element h = doc.selectFirst("h1, h2");
    return h == null ? "" : h.text().trim();
  }

  private static List<URI> links(Document doc, URI url) {
    Set<URI> out = new LinkedHashSet<>();
    for (Element a : doc.select("a[href]")) {
      UrlCanon.resolve(url, a.attr("href")).ifPresent(out::add);
    }
    return new ArrayList<>(out);
  }

  private static URI canonical(Document doc, URI url) {
    Element link = doc.selectFirst("link[rel=canonical][href]");
    return link == null ? url : UrlCanon.resolve(url, link.attr("href")).orElse(url);
  }

  static String language(Element pre) {
    Element code = pre.selectFirst("code");
    String marks = pre.className() + " " + (code == null ? "" : code.className());
    Matcher m = LANGUAGE.matcher(marks);
    if (m.find()) {
      return m.group(1).toLowerCase(Locale.ROOT);
    }
    String lang = pre.attr("data-lang");
    return lang.isBlank() ? "" : lang.toLowerCase(Locale.ROOT);
  }

  /** Walks the content in document order, cutting it at headings and code blocks. */
  private static final class Walker implements NodeVisitor {
    private final List<ParsedDocument.Block> blocks = new ArrayList<>();
    private final String[] headings = new String[6];
    private final StringBuilder text = new StringBuilder();
    private String lastProse = "";
    private int opaque;

    @Override
    public void head(Node node, int depth) {
      if (node instanceof TextNode t) {
        if (opaque == 0) {
          text.append(t.text());
        }
      } else if (node instanceof Element e && opaque == 0) {
        if (isHeading(e)) {
          opaque++;
          flush();
          int level = e.normalName().charAt(1) - '1';
          headings[level] = e.text().trim();
          for (int i = level + 1; i < 6; i++) {
            headings[i] = null;
          }
          blocks.add(ParsedDocument.Block.prose(path(), e.text().trim()));
        } else if (e.normalName().equals("pre")) {
          opaque++;
          flush();
          String code = e.wholeText().strip();
          if (!code.isEmpty()) {
            blocks.add(new ParsedDocument.Block(path(), code, true, language(e), lastProse));
          }
        } else if (BLOCKS.contains(e.normalName())) {
          text.append('\n');
        }
      } else if (node instanceof Element e && (isHeading(e) || e.normalName().equals("pre"))) {
        opaque++;
      }
    }

    @Override
    public void tail(Node node, int depth) {
      if (node instanceof Element e) {
        if (isHeading(e) || e.normalName().equals("pre")) {
          opaque--;
        } else if (opaque == 0 && BLOCKS.contains(e.normalName())) {
          text.append('\n');
        }
      }
    }

    private static boolean isHeading(Element e) {
      String n = e.normalName();
      return n.length() == 2 && n.charAt(0) == 'h' && n.charAt(1) >= '1' && n.charAt(1) <= '6';
    }

    void flush() {
      String clean = text.toString().replaceAll("[ \\t\\x0B\\f\\r\\u00a0]+", " ");
      clean = clean.replaceAll(" ?\\n[ \\n]*", "\n").strip();
      text.setLength(0);
      if (!clean.isEmpty()) {
        blocks.add(ParsedDocument.Block.prose(path(), clean));
        lastProse = clean.length() > 400 ? clean.substring(clean.length() - 400) : clean;
      }
    }

    private String path() {
      return HeadingPath.of(headings);
    }
  }
}
