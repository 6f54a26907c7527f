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
          "http://[fd00::1]/",
          // What a security battery got through before: IPv4-compatible IPv6 and broadcast.
          "http://[::127.0.0.1]:8080/",
          "http://255.255.255.255/",
          "http://[::ffff:10.0.0.1]/",
          "http://[::ffff:7f00:1]/",
          "http://[64:ff9b::7f00:1]/",
          "http://[64:ff9b::a00:1]/",
          "http://[2002:7f00:1::]/",
          "http://[2002:c0a8:101::]/",
          "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
          "http://[2001:db8::1]/",
          "http://[fe80::1]/",
          "http://[fec0::1]/",
          "http://[ff02::1]/",
          "http://[::]/",
          "http://224.0.0.1/",
          "http://239.255.255.250/",
          "http://240.0.0.1/",
          "http://0.1.2.3/",
          "http://100.127.255.254/",
          "http://192.0.0.8/",
          "http://192.0.2.10/",
          "http://198.18.0.1/",
          "http://198.19.255.1/",
          "http://198.51.100.7/",
          "http://203.0.113.9/",
          "http://192.88.99.1/"
        }) {
      assertThatThrownBy(() -> saas.requireCrawlable(url, "url"))
          .as(url)
          .isInstanceOf(ProblemException.class)
          .hasMessageContaining("blocked");
    }
  }

  @Test
  void numericHostFormsThatSomeResolversReadAsLoopbackAreRefusedToo() {
    for (String url :
        new String[] {"http://2130706433/", "http://0x7f.0.0.1/", "http://017700000001/"}) {
      assertThat(saas.refusal(URI.create(url))).as(url).isPresent();
    }
  }

  @Test
  void publicAddressesOfEveryFormPass() throws Exception {
    for (String address :
        new String[] {
          "93.184.215.14",
          "8.8.8.8",
          "100.128.0.1",
          "172.32.0.1",
          "198.20.0.1",
          "2606:4700::6810:84e5",
          "::ffff:93.184.215.14",
          "64:ff9b::808:808",
          "2002:5db8:d70e::"
        }) {
      assertThat(UrlGuard.internal(java.net.InetAddress.getByName(address))).as(address).isFalse();
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
  void anOperatorsAllowListOpensItsIntranetAndNothingElse() throws Exception {
    PrivateAllowList list =
        PrivateAllowList.parse(
            java.util.List.of(" 10.20.0.0/16", "wiki.corp", "*.intranet.corp", "fd00:1::/32", ""),
            "SETTING");
    UrlGuard onprem = new UrlGuard(false, list);
    assertThat(onprem.refusal(URI.create("http://10.20.3.4/docs/"))).isEmpty();
    assertThat(onprem.refusal(URI.create("http://[fd00:1:2::5]/"))).isEmpty();
    assertThat(onprem.refusal(URI.create("http://10.21.0.1/")))
        .get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("blocked")
        .contains("not one the operator allows");
    assertThat(onprem.refusal(URI.create("http://192.168.1.1/"))).isPresent();
    assertThat(onprem.refusal(URI.create("http://169.254.169.254/latest/meta-data/"))).isPresent();
    assertThat(onprem.refusal(URI.create("http://93.184.215.14/"))).isEmpty();
    // Names: private addresses yes, but never loopback or link-local without a CIDR saying so.
    java.net.InetAddress ten = java.net.InetAddress.getByName("10.9.8.7");
    assertThat(list.allows("wiki.corp", ten)).isTrue();
    assertThat(list.allows("docs.intranet.corp", ten)).isTrue();
    assertThat(list.allows("intranet.corp.evil.example", ten)).isFalse();
    assertThat(list.allows("wiki.corp", java.net.InetAddress.getByName("127.0.0.1"))).isFalse();
    assertThat(list.allows("wiki.corp", java.net.InetAddress.getByName("169.254.169.254")))
        .isFalse();
    UrlGuard byName =
        new UrlGuard(false, PrivateAllowList.parse(java.util.List.of("localhost"), "S"));
    assertThat(byName.refusal(URI.create("http://localhost/"))).isPresent();
    UrlGuard loopback =
        new UrlGuard(false, PrivateAllowList.parse(java.util.List.of("127.0.0.0/8"), "S"));
    assertThat(loopback.refusal(URI.create("http://127.0.0.1:8080/"))).isEmpty();
    // The default is empty: every private address refused, as before.
    assertThat(new UrlGuard(false).refusal(URI.create("http://10.20.3.4/"))).isPresent();
  }

  @Test
  void anAllowListEntryThatIsNoneOfTheFormsIsRefusedNamingTheSetting() {
    for (String bad : new String[] {"10.0.0.0/33", "10.0.0.0/x", "http://wiki.corp", "a b", "*."}) {
      assertThatThrownBy(() -> PrivateAllowList.parse(java.util.List.of(bad), "SETTING"))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("SETTING")
          .hasMessageContaining("CIDR");
    }
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

      public java.util.Optional<java.util.List<String>> allowedPrivate() {
        return java.util.Optional.empty();
      }
    };
  }
}
