package dev.devflow.integrations.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.integrations.config.IntegrationsConfig;
import dev.devflow.integrations.connection.Connection;
import dev.devflow.integrations.knowledge.Document;
import dev.devflow.integrations.provider.ProviderException;
import dev.devflow.integrations.provider.ProviderRequest;
import dev.devflow.integrations.provider.ProviderResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GitHub repository: its README and the Markdown/text files under {@code docs/} (conditional
 * requests with the stored ETags, then only files whose blob sha changed), and its issues (pull
 * requests left out) updated since the last sync, following {@code Link: rel="next"} pages.
 */
@ApplicationScoped
public class GitHubSyncer implements Syncer {

  private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
  private static final Pattern DOC_FILE = Pattern.compile("(?i).+\\.(md|markdown|rst|txt|adoc)$");
  private static final int MAX_DEPTH = 3;

  private final String api;

  public GitHubSyncer(IntegrationsConfig config) {
    this.api = config.github().apiUrl().toString().replaceAll("/+$", "");
  }

  @Override
  public String kind() {
    return SyncTarget.GITHUB_REPO;
  }

  @Override
  public void checkAccess(Connection connection, String key, ProviderCall call) {
    if (!key.contains("/")) {
      throw ProblemException.invalid("key", "A GitHub repository is named 'owner/repo'.");
    }
    ProviderResponse response = call.send(get("/repos/" + key));
    if (response.status() == 404 || response.status() == 403) {
      throw new ProblemException(
          ProblemType.UNPROCESSABLE,
          "GitHub repository '" + key + "' does not exist or this connection cannot see it.",
          "key");
    }
    requireOk(response, "/repos/" + key);
  }

  @Override
  public void sync(SyncSession session) {
    String repo = session.target().key();
    fetchFile(session, "/repos/" + repo + "/readme", "readme");
    syncFolder(session, repo, "docs", 0);
    syncIssues(session, repo);
    session.flush();
  }

  private void fetchFile(SyncSession session, String path, String cursor) {
    ProviderResponse response = conditional(session, get(path), "etag:" + cursor);
    if (response == null) {
      return;
    }
    JsonNode file = response.json();
    String filePath = file.path("path").asText("README.md");
    session.emit(new Document(Document.fileName(session.target().key(), filePath), decode(file)));
    session.stageCursor("etag:" + cursor, response.header("ETag").orElse(""));
  }

  private void syncFolder(SyncSession session, String repo, String folder, int depth) {
    ProviderResponse response =
        conditional(session, get("/repos/" + repo + "/contents/" + folder), "etag:dir:" + folder);
    if (response == null || !response.json().isArray()) {
      return;
    }
    for (JsonNode entry : response.json()) {
      String path = entry.path("path").asText();
      if ("dir".equals(entry.path("type").asText()) && depth < MAX_DEPTH) {
        syncFolder(session, repo, path, depth + 1);
      } else if ("file".equals(entry.path("type").asText()) && DOC_FILE.matcher(path).matches()) {
        String sha = entry.path("sha").asText();
        if (!session.cursor("sha:" + path).filter(sha::equals).isPresent()) {
          ProviderResponse file =
              session.call(get("/repos/" + repo + "/contents/" + encodePath(path)));
          requireOk(file, path);
          session.emit(new Document(Document.fileName(repo, path), decode(file.json())));
          session.stageCursor("sha:" + path, sha);
        }
      }
    }
    session.stageCursor("etag:dir:" + folder, response.header("ETag").orElse(""));
  }

  private void syncIssues(SyncSession session, String repo) {
    Optional<String> since = session.cursor("issues.since");
    String next =
        "/repos/"
            + repo
            + "/issues?state=all&sort=updated&direction=asc&per_page=50"
            + since.map(s -> "&since=" + URLEncoder.encode(s, StandardCharsets.UTF_8)).orElse("");
    URI uri = URI.create(api + next);
    while (uri != null) {
      ProviderResponse page =
          session.call(ProviderRequest.get(uri).with("Accept", "application/vnd.github+json"));
      requireOk(page, "issues of " + repo);
      for (JsonNode issue : page.json()) {
        if (!issue.has("pull_request")) {
          session.emit(
              new Document(
                  Document.fileName(repo, "issue-" + issue.path("number").asText()),
                  Markup.githubIssue(repo, issue)));
        }
        session.stageCursor("issues.since", issue.path("updated_at").asText());
      }
      uri =
          page.header("Link")
              .map(NEXT::matcher)
              .filter(Matcher::find)
              .map(m -> URI.create(m.group(1)))
              .orElse(null);
    }
  }

  /** A GET with If-None-Match from the cursor; null when unchanged (304) or absent (404). */
  private ProviderResponse conditional(
      SyncSession session, ProviderRequest request, String cursor) {
    session
        .cursor(cursor)
        .filter(s -> !s.isEmpty())
        .ifPresent(etag -> request.with("If-None-Match", etag));
    ProviderResponse response = session.call(request);
    if (response.notModified() || response.status() == 404) {
      return null;
    }
    requireOk(response, request.uri().getPath());
    return response;
  }

  private ProviderRequest get(String path) {
    return ProviderRequest.get(URI.create(api + path))
        .with("Accept", "application/vnd.github+json");
  }

  private static String decode(JsonNode file) {
    String content = file.path("content").asText("").replaceAll("\\s", "");
    return new String(Base64.getDecoder().decode(content), StandardCharsets.UTF_8);
  }

  private static String encodePath(String path) {
    return URLEncoder.encode(path, StandardCharsets.UTF_8).replace("%2F", "/").replace("+", "%20");
  }

  static void requireOk(ProviderResponse response, String what) {
    if (!response.ok()) {
      throw new ProviderException(
          response.status(), "The provider answered " + response.status() + " for " + what + ".");
    }
  }
}
