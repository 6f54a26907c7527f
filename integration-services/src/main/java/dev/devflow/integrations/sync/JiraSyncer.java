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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * A Jira project's issues (optionally narrowed by JQL), updated since the last sync, through {@code
 * /rest/api/3/search/jql} with {@code nextPageToken} paging, oldest change first.
 */
@ApplicationScoped
public class JiraSyncer implements Syncer {

  private static final String FIELDS = "summary,description,status,updated,issuetype,labels";

  private final String api;

  public JiraSyncer(IntegrationsConfig config) {
    this.api = config.atlassian().apiUrl().toString().replaceAll("/+$", "");
  }

  @Override
  public String kind() {
    return SyncTarget.JIRA_PROJECT;
  }

  /** The REST base of the connection's Jira site. */
  public String base(Connection c) {
    return api + "/ex/jira/" + c.siteId() + "/rest/api/3";
  }

  @Override
  public void checkAccess(Connection connection, String key, ProviderCall call) {
    ProviderResponse response =
        call.send(ProviderRequest.get(URI.create(base(connection) + "/project/" + enc(key))));
    if (response.status() == 404 || response.status() == 403) {
      throw new ProblemException(
          ProblemType.UNPROCESSABLE,
          "Jira project '" + key + "' does not exist or this connection cannot see it.",
          "key");
    }
    GitHubSyncer.requireOk(response, "project " + key);
  }

  @Override
  public void sync(SyncSession session) {
    SyncTarget target = session.target();
    Optional<Instant> cursor = session.cursor("issues.updated").flatMap(Atlassian::parse);
    String jql =
        "project = \""
            + target.key()
            + "\""
            + (target.jql() == null || target.jql().isBlank() ? "" : " AND (" + target.jql() + ")")
            + cursor.map(c -> " AND updated >= \"" + Atlassian.queryBound(c) + "\"").orElse("")
            + " ORDER BY updated ASC";
    String token = null;
    do {
      String uri =
          base(session.connection())
              + "/search/jql?jql="
              + enc(jql)
              + "&fields="
              + FIELDS
              + "&maxResults=50"
              + (token == null ? "" : "&nextPageToken=" + enc(token));
      ProviderResponse page =
          session.call(ProviderRequest.get(URI.create(uri)).with("Accept", "application/json"));
      GitHubSyncer.requireOk(page, "issues of " + target.key());
      JsonNode body = page.json();
      for (JsonNode issue : body.path("issues")) {
        String updated = issue.path("fields").path("updated").asText();
        Optional<Instant> at = Atlassian.parse(updated);
        if (cursor.isPresent() && at.isPresent() && at.get().isBefore(cursor.get())) {
          continue;
        }
        session.emit(
            new Document(
                Document.fileName("jira", issue.path("key").asText()),
                Markup.jiraIssue(session.connection().siteUrl(), issue)));
        session.stageCursor("issues.updated", updated);
      }
      token = body.path("isLast").asBoolean(true) ? null : body.path("nextPageToken").asText(null);
    } while (token != null);
    session.flush();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
