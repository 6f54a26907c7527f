package dev.devflow.mcpgateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.devflow.mcpgateway.support.Mcp;
import dev.devflow.mcpgateway.support.RealUpstreams;
import dev.devflow.mcpgateway.support.Upstreams;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The knowledge tools against the real knowledge-hub, with content it really ingested. */
@QuarkusTest
@QuarkusTestResource(value = RealUpstreams.class, restrictToAnnotatedClass = true)
class KnowledgeToolsTest {

  static final String RUNBOOK =
      """
      # Failover runbook

      ## Promote the standby

      When the primary is lost, the quokka procedure promotes the standby within five minutes.
      Check replication lag first.

      ```bash
      devflowctl promote --standby quokka-2
      ```

      ## Afterwards

      Rebuild a new standby from the promoted node and update the connection strings.
      """
          + "Filler paragraph about capacity planning. ".repeat(80);

  static String sourceId;

  @BeforeAll
  static void ingest() {
    sourceId = Upstreams.uploadMarkdown("local", "Runbooks", "failover.md", RUNBOOK);
  }

  @Test
  void searchFindsRealIngestedPassagesAndPages() {
    Mcp mcp = Mcp.connect();
    String passages =
        mcp.ok("search_knowledge", Map.of("query", "quokka procedure promote standby"));
    assertThat(passages)
        .contains("quokka procedure promotes the standby")
        .contains("upload:failover.md")
        .contains(sourceId);

    String pages =
        mcp.ok(
            "search_knowledge",
            Map.of(
                "query", "quokka procedure", "returnPages", true, "sourceIds", List.of(sourceId)));
    assertThat(pages).contains("# Failover runbook").contains("Rebuild a new standby");

    String unknownSource =
        mcp.error(
            "search_knowledge",
            Map.of(
                "query", "quokka", "sourceIds", List.of("00000000-0000-0000-0000-000000000000")));
    assertThat(unknownSource).contains("No source 00000000-0000-0000-0000-000000000000");
    assertThat(mcp.ok("search_knowledge", Map.of("query", "zzyzx qwertyuiop", "mode", "keyword")))
        .contains("No passages match");
  }

  @Test
  void codeExamplesComeWithTheirLanguage() {
    String code =
        Mcp.connect()
            .ok("search_code_examples", Map.of("query", "promote standby", "language", "bash"));
    assertThat(code).contains("devflowctl promote --standby quokka-2").contains("```bash");
  }

  @Test
  void documentsAreReadByUrlOrIdInWindows() {
    Mcp mcp = Mcp.connect();
    String first = mcp.ok("read_document", Map.of("url", "upload:failover.md", "maxChars", 500));
    assertThat(first).contains("Failover runbook").contains("[continues:");
    Matcher next = Pattern.compile("documentId=(\\d+) and offset=(\\d+)").matcher(first);
    assertThat(next.find()).isTrue();
    String second =
        mcp.ok(
            "read_document",
            Map.of(
                "documentId", Long.parseLong(next.group(1)),
                "offset", Integer.parseInt(next.group(2)),
                "maxChars", 100_000));
    assertThat(second).doesNotContain("[continues:").contains("capacity planning");

    assertThat(mcp.error("read_document", Map.of("documentId", 987654)))
        .contains("Not found")
        .contains("HTTP 404");
    assertThat(mcp.error("read_document", Map.of())).contains("Pass documentId, or url");
  }

  @Test
  void sourcesAreListedAndACrawlIsStartedAndFollowed() throws Exception {
    HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    site.createContext(
        "/",
        exchange -> {
          byte[] body =
              "<html><head><title>Wombat guide</title></head><body><main><h1>Wombat guide</h1><p>The wombat scheduler runs jobs at dawn.</p></main></body></html>"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(
              exchange.getRequestURI().getPath().equals("/") ? 200 : 404, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    site.start();
    try {
      Mcp mcp = Mcp.connect();
      String url = "http://127.0.0.1:" + site.getAddress().getPort() + "/";
      String added =
          mcp.ok(
              "add_source",
              Map.of("name", "Wombat guide", "url", url, "maxDepth", 1, "tags", List.of("guides")));
      Matcher id = Pattern.compile("Crawl started for source ([0-9a-f-]{36})").matcher(added);
      assertThat(id.find()).as(added).isTrue();

      String progress = "";
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      while (!progress.startsWith("Job done") && Instant.now().isBefore(deadline)) {
        progress = mcp.ok("get_crawl_progress", Map.of("sourceId", id.group(1)));
        Upstreams.sleep(200);
      }
      assertThat(progress).startsWith("Job done").contains("1 of 1 pages fetched");
      assertThat(mcp.ok("list_sources", Map.of("tag", "guides")))
          .contains("Wombat guide")
          .doesNotContain("Runbooks");
      assertThat(mcp.ok("search_knowledge", Map.of("query", "wombat scheduler dawn")))
          .contains("The wombat scheduler runs jobs at dawn");
    } finally {
      site.stop(0);
    }
  }

  @Test
  void badArgumentsAreToolErrorsNamingTheRule() {
    Mcp mcp = Mcp.connect();
    assertThat(mcp.error("search_knowledge", Map.of("query", "x", "limit", 50))).contains("limit");
    assertThat(mcp.error("search_knowledge", Map.of("limit", 5))).contains("query");
    assertThat(mcp.error("add_source", Map.of("name", "x", "url", "ftp://example.com/")))
        .contains("url");
    assertThat(mcp.error("get_crawl_progress", Map.of())).contains("Pass sourceId");
    assertThat(
            mcp.error(
                "get_crawl_progress", Map.of("sourceId", "0b6e8c1e-1111-4a4a-9c9c-000000000000")))
        .contains("Not found");
  }
}
