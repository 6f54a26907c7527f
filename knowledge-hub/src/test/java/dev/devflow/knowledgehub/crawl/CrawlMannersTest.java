package dev.devflow.knowledgehub.crawl;

import static dev.devflow.knowledgehub.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.knowledgehub.support.Api;
import dev.devflow.knowledgehub.support.TestSite;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.Charset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A site's declared encoding and its robots.txt Crawl-delay are respected, and a connection the
 * server drops without answering is tried again.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
class CrawlMannersTest {

  @Test
  void aPageDeclaringItsCharsetInAMetaTagIsDecodedWithIt() {
    try (TestSite site = new TestSite()) {
      String html =
          "<html><head><meta charset=\"windows-1252\"><title>Menu</title></head>"
              + "<body><main><h1>Menu</h1><p>Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e for the team.</p></main></body></html>";
      site.bytes("/menu.html", "text/html", html.getBytes(Charset.forName("windows-1252")));
      String id =
          Api.createSource("alpha", "Menu", site.base() + "/menu.html", Map.of("maxDepth", 0));
      Api.awaitIdle("alpha", id);
      String text =
          as("alpha")
              .queryParam("query", "crème brûlée")
              .get("/api/v1/search")
              .then()
              .statusCode(200)
              .extract()
              .path("results[0].text");
      assertThat(text).contains("Café crème brûlée");
    }
  }

  @Test
  void robotsCrawlDelaySpacesTheFetchesOfASite() {
    try (TestSite site = new TestSite()) {
      site.resource("/robots.txt", "text/plain", "User-agent: *\nCrawl-delay: 1\n");
      StringBuilder links = new StringBuilder();
      for (int i = 1; i <= 3; i++) {
        site.page("/p" + i + ".html", TestSite.html("Page " + i, "<p>Page number " + i + ".</p>"));
        links.append("<a href=\"/p").append(i).append(".html\">p").append(i).append("</a> ");
      }
      site.page("/index.html", TestSite.html("Index", "<p>" + links + "</p>"));
      long started = System.nanoTime();
      String id = Api.createSource("alpha", "Slow site", site.base() + "/index.html", Map.of());
      assertThat(Api.awaitIdle("alpha", id).getInt("latestJob.pagesFetched")).isEqualTo(4);
      long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
      // Four page fetches one second apart cannot finish in less than three seconds.
      assertThat(elapsedMillis).isGreaterThanOrEqualTo(3_000);
    }
  }

  @Test
  void aPageWhoseConnectionsEndWithoutAnAnswerIsFetchedAgain() {
    try (TestSite site = new TestSite()) {
      site.page("/p1.html", TestSite.html("Harbour", "<p>The harbour master's log.</p>"));
      site.page("/index.html", TestSite.html("Index", "<p><a href=\"/p1.html\">p1</a></p>"));
      // the JDK client sends a GET again once by itself when a connection ends before any answer;
      // the crawler tries once more after that, a moment later, before it gives the page up
      site.drop("/p1.html", 2);
      String id = Api.createSource("alpha", "Flaky site", site.base() + "/index.html", Map.of());
      var source = Api.awaitIdle("alpha", id);
      assertThat(source.getList("errors.url", String.class))
          .noneMatch(url -> url.endsWith("/p1.html")); // the chrome's dead links 404, not this
      assertThat(source.getInt("pageCount")).isEqualTo(2);
      assertThat(site.hits("/p1.html")).isEqualTo(3);
    }
  }
}
