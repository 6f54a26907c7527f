package dev.devflow.knowledgehub.support;

/** The generated documentation site the crawl tests use. */
public final class Sites {

  private Sites() {}

  /**
   * A site under /docs/ with robots.txt (disallowing /private/ and naming a sitemap index),
   * llms.txt, a redirect, a non-HTML file, code blocks and site chrome.
   */
  public static TestSite docs() {
    TestSite site = new TestSite();
    String b = site.base();
    site.resource(
        "/robots.txt",
        "text/plain",
        "User-agent: *\nDisallow: /docs/private/\nSitemap: " + b + "/sitemap_index.xml\n");
    site.resource(
        "/sitemap_index.xml",
        "application/xml",
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <sitemap><loc>%s/sitemap-docs.xml</loc></sitemap>
        </sitemapindex>"""
            .formatted(b));
    site.resource(
        "/sitemap-docs.xml",
        "application/xml",
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <url><loc>%s/docs/install.html</loc></url>
          <url><loc>%s/docs/private/secret.html</loc></url>
        </urlset>"""
            .formatted(b, b));
    site.resource(
        "/llms.txt",
        "text/plain",
        "# Acme\n\n- [Upgrading](" + b + "/docs/upgrade.html): how to upgrade\n");
    site.page(
        "/docs/index.html",
        TestSite.html(
            "Acme documentation",
            """
        <h1>Acme documentation</h1>
        <p>Welcome to Acme, the widget orchestrator.</p>
        <ul><li><a href="config.html">Configuration</a></li>
        <li><a href="config.html#retries">Retries</a></li>
        <li><a href="/docs/old-tutorial.html">Tutorial</a></li>
        <li><a href="private/secret.html">Secret</a></li>
        <li><a href="diagram.png">Diagram</a></li>
        <li><a href="http://outside.invalid/page.html">Elsewhere</a></li></ul>
        """));
    site.page(
        "/docs/config.html",
        TestSite.html(
            "Configuration reference",
            """
        <h1>Configuration reference</h1>
        <p>Acme reads its settings from acme.yaml at start.</p>
        <h2 id="retries">Retry policy</h2>
        <p>The retry policy decides how often a failed widget delivery is attempted again
        with exponential backoff before it is parked in the dead letter queue.</p>
        <p>Set the maximum attempts like this:</p>
        <pre><code class="language-yaml">delivery:
          retries:
            max-attempts: 7
            backoff: exponential</code></pre>
        <h2>Logging</h2><p>Logs go to standard output in JSON.</p>
        """));
    site.page(
        "/docs/install.html",
        TestSite.html(
            "Installing Acme",
            """
        <h1>Installing Acme</h1>
        <p>Install the acme package with your distribution's package manager, then run the
        bootstrap wizard which provisions the gizmo database.</p>
        <pre><code class="language-bash">sudo apt-get install acme
        acme bootstrap --wizard</code></pre>
        """));
    site.page(
        "/docs/upgrade.html",
        TestSite.html(
            "Upgrading Acme",
            """
        <h1>Upgrading Acme</h1><p>Upgrades migrate the flux capacitor schema automatically.</p>
        """));
    site.redirect("/docs/old-tutorial.html", b + "/docs/tutorial.html");
    site.page(
        "/docs/tutorial.html",
        TestSite.html(
            "Tutorial",
            """
        <h1>Tutorial</h1><p>Build your first sprocket pipeline in ten minutes.</p>
        """));
    site.page("/docs/private/secret.html", TestSite.html("Secret", "<p>TOPSECRET plans</p>"));
    site.resource("/docs/diagram.png", "image/png", "PNGDATA");
    return site;
  }
}
