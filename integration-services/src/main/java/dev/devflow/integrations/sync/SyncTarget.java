package dev.devflow.integrations.sync;

import java.time.Instant;
import java.util.UUID;

/**
 * Something a connection syncs: a GitHub repository ({@code owner/repo}), a Jira project or a
 * Confluence space (by key).
 *
 * @param jql extra JQL for a Jira project (null: all its issues)
 * @param knowledgeSourceId the knowledge hub source its documents go to (null before the first)
 */
public record SyncTarget(
    UUID id,
    UUID connectionId,
    String kind,
    String key,
    String jql,
    UUID knowledgeSourceId,
    Instant lastSyncedAt,
    Instant createdAt) {

  public static final String GITHUB_REPO = "github-repo";
  public static final String JIRA_PROJECT = "jira-project";
  public static final String CONFLUENCE_SPACE = "confluence-space";
}
