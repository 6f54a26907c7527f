package dev.devflow.knowledgehub.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.knowledgehub.config.KnowledgeHubConfig;
import dev.devflow.knowledgehub.support.TestSite;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** SSRF rules as SaaS and on-prem apply them: internal addresses refused, on every redirect too. */
class UrlGuardTest {

  private final UrlGuard saas = new UrlGuard(false);

  @Test
  void internalAddressesAreRefused() {
    for (String url :
        new String[] {
          "http://127.0.0.1/",
          "http://localhost:8080/x",
          "http://10.1.2.3/",
          "http://192.168.0.10/",
          "http://172.16.5.5/",
          "http://169.254.169.254/latest/meta-data/",
          "http://[::1]/",
          "http://0.0.0.0/",
          "http://100.64.0.1/",
          "http://[fd00::1]/"
        }) {
      assertThatThrownBy(() -> saas.requireCrawlable(url, "url"))
          .as(url)
          .isInstanceOf(ProblemException.class)
          .hasMessageContaining("blocked");
    }
  }

  @Test
  void publicAddressesAndOnlyHttpSchemesPass() {
    assertThat(saas.requireCrawlable("HTTPS://93.184.215.14:443/Docs/../guide/#intro", "url"))
        .hasToString("https://93.184.215.14/guide/");
    assertThatThrownBy(() -> saas.requireCrawlable("gopher://93.184.215.14/", "url"))
        .hasMessageContaining("scheme");
    assertThat(new UrlGuard(true).refusal(URI.create("http://127.0.0.1/"))).isEmpty();
  }

  @Test
  void aRedirectToAnInternalAddressIsRefused() {
    try (TestSite site = new TestSite()) {
      String port = site.base().substring(site.base().lastIndexOf(':') + 1);
      site.redirect("/start", "http://localhost:" + port + "/admin");
      site.page("/admin", "<p>internal admin</p>");
      // trusts the test server's literal address only, as if it were a public site
      UrlGuard guard =
          new UrlGuard(false) {
            @Override
            public java.util.Optional<String> refusal(URI uri) {
              return uri.getHost().equals("127.0.0.1")
                  ? java.util.Optional.empty()
                  : super.refusal(uri);
            }
          };
      PageFetcher fetcher = new PageFetcher(crawlSettings(), guard);
      assertThatThrownBy(() -> fetcher.fetch(URI.create(site.base() + "/start")))
          .isInstanceOf(FetchException.class)
          .hasMessageContaining("blocked");
      assertThat(site.hits("/admin")).isZero();
    }
  }

  static KnowledgeHubConfig.Crawl crawlSettings() {
    return new KnowledgeHubConfig.Crawl() {
      public int concurrency() {
        return 2;
      }

      public Duration politenessDelay() {
        return Duration.ZERO;
      }

      public Duration timeout() {
        return Duration.ofSeconds(5);
      }

      public int maxPageBytes() {
        return 100_000;
      }

      public int parallelJobs() {
        return 1;
      }

      public String userAgent() {
        return "test";
      }

      public Duration progressInterval() {
        return Duration.ofSeconds(1);
      }
    };
  }
}
