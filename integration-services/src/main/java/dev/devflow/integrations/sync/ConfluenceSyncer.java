package dev.devflow.integrations.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.integrations.config.IntegrationsConfig;
import dev.devflow.integrations.connection.Connection;
import dev.devflow.integrations.knowledge.Document;
import dev.devflow.integrations.provider.ProviderRequest;
import dev.devflow.integrations.provider.ProviderResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Confluence space's pages, modified since the last sync (CQL {@code lastmodified}), each as
 * Markdown under its ancestors' titles, through {@code /wiki/rest/api/content/search}.
 */
@ApplicationScoped
public class ConfluenceSyncer implements Syncer {

  private static final int PAGE = 25;

  private final String api;

  public ConfluenceSyncer(IntegrationsConfig config) {
    this.api = config.atlassian().apiUrl().toString().replaceAll("/+$", "");
  }

  @Override
  public String kind() {
    return SyncTarget.CONFLUENCE_SPACE;
  }

  private String base(Connection c) {
    return api + "/ex/confluence/" + c.siteId() + "/wiki/rest/api";
  }

  @Override
  public void checkAccess(Connection connection, String key, ProviderCall call) {
    ProviderResponse response =
        call.send(
            ProviderRequest.get(URI.create(base(connection) + "/space/" + JiraSyncer.enc(key))));
    if (response.status() == 404 || response.status() == 403) {
      throw new ProblemException(
          ProblemType.UNPROCESSABLE,
          "Confluence space '" + key + "' does not exist or this connection cannot see it.",
          "key");
    }
    GitHubSyncer.requireOk(response, "space " + key);
  }

  @Override
  public void sync(SyncSession session) {
    String space = session.target().key();
    Optional<Instant> cursor = session.cursor("pages.modified").flatMap(Atlassian::parse);
    String cql =
        "space = \""
            + space
            + "\" AND type = page"
            + cursor.map(c -> " AND lastmodified >= \"" + Atlassian.queryBound(c) + "\"").orElse("")
            + " ORDER BY lastmodified ASC";
    for (int start = 0; ; start += PAGE) {
      String uri =
          base(session.connection())
              + "/content/search?cql="
              + JiraSyncer.enc(cql)
              + "&expand=body.storage,version,ancestors&limit="
              + PAGE
              + "&start="
              + start;
      ProviderResponse page =
          session.call(ProviderRequest.get(URI.create(uri)).with("Accept", "application/json"));
      GitHubSyncer.requireOk(page, "pages of " + space);
      JsonNode body = page.json();
      for (JsonNode p : body.path("results")) {
        emit(session, space, cursor, p);
      }
      if (!body.path("_links").has("next") || body.path("results").size() == 0) {
        break;
      }
    }
    session.flush();
  }

  private void emit(SyncSession session, String space, Optional<Instant> cursor, JsonNode p) {
    String when = p.path("version").path("when").asText();
    Optional<Instant> at = Atlassian.parse(when);
    if (cursor.isPresent() && at.isPresent() && at.get().isBefore(cursor.get())) {
      return;
    }
    List<String> ancestors = new ArrayList<>();
    p.path("ancestors").forEach(a -> ancestors.add(a.path("title").asText()));
    String site = session.connection().siteUrl();
    String webui = p.path("_links").path("webui").asText(null);
    String url =
        site == null || webui == null ? null : site.replaceAll("/+$", "") + "/wiki" + webui;
    session.emit(
        new Document(
            Document.fileName(
                "confluence", space, p.path("id").asText() + "-" + p.path("title").asText()),
            Markup.confluencePage(
                space,
                ancestors,
                p.path("title").asText(),
                p.path("body").path("storage").path("value").asText(""),
                url)));
    session.stageCursor("pages.modified", when);
  }
}
