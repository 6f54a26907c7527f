package dev.devflow.integrations.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devflow.common.persistence.EventLog;
import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.common.tenant.TenantSlug;
import dev.devflow.integrations.config.IntegrationsConfig;
import dev.devflow.integrations.connection.Connection;
import dev.devflow.integrations.connection.ConnectionService;
import dev.devflow.integrations.connection.ProviderCalls;
import dev.devflow.integrations.provider.Provider;
import dev.devflow.integrations.provider.ProviderRequest;
import dev.devflow.integrations.provider.ProviderResponse;
import dev.devflow.integrations.sync.Markup;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a GitHub or Jira issue into a workflow task whose description links back to the issue, and
 * remembers the pair, so the same issue does not become two tasks.
 */
@ApplicationScoped
public class IssueTaskService {

  private static final Pattern GITHUB_ISSUE =
      Pattern.compile("([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)#(\\d{1,9})");
  private static final Pattern JIRA_ISSUE = Pattern.compile("[A-Z][A-Z0-9_]{0,19}-\\d{1,9}");

  private final ConnectionService connections;
  private final ProviderCalls calls;
  private final WorkflowEngineClient engine;
  private final TenantSql sql;
  private final EventLog events;
  private final IntegrationsConfig config;

  public IssueTaskService(
      ConnectionService connections,
      ProviderCalls calls,
      WorkflowEngineClient engine,
      TenantSql sql,
      EventLog events,
      IntegrationsConfig config) {
    this.connections = connections;
    this.calls = calls;
    this.engine = engine;
    this.sql = sql;
    this.events = events;
    this.config = config;
  }

  /** An issue fetched from its provider, ready to become a task. */
  private record Issue(String title, String body, String url) {}

  public Map<String, Object> createTask(
      String tenant, String authorization, UUID connectionId, IssueTaskRequest request) {
    Connection c = connections.require(tenant, connectionId);
    String issue = request.issue().strip();
    sql.one(
            TenantSlug.of(tenant),
            "SELECT task_id FROM {schema}.issue_tasks WHERE connection_id = ? AND issue = ?",
            rs -> rs.getLong(1),
            connectionId,
            issue)
        .ifPresent(
            id -> {
              throw new ProblemException(
                  ProblemType.CONFLICT, "Issue " + issue + " is already task " + id + ".", "issue");
            });
    Issue found =
        c.provider() == Provider.GITHUB ? github(tenant, c, issue) : jira(tenant, c, issue);
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("title", truncate("[" + issue + "] " + found.title(), 500));
    task.put("description", truncate(found.body(), 18_000) + "\n\nFrom " + found.url());
    task.put("phase", request.phase());
    if (request.priority() != null) {
      task.put("priority", request.priority());
    }
    JsonNode created = engine.createTask(authorization, request.runId(), task);
    long taskId = created.path("id").asLong();
    sql.update(
        TenantSlug.of(tenant),
        "INSERT INTO {schema}.issue_tasks (connection_id, issue, issue_url, run_id, task_id) VALUES (?,?,?,?,?)",
        connectionId,
        issue,
        found.url(),
        request.runId(),
        taskId);
    events.append(
        tenant,
        "integration.task-created",
        connectionId.toString(),
        Map.of("issue", issue, "taskId", taskId, "runId", request.runId()));
    return Map.of(
        "issue",
        issue,
        "issueUrl",
        found.url(),
        "runId",
        request.runId(),
        "taskId",
        taskId,
        "task",
        created);
  }

  /** The issues of a connection already turned into tasks, newest first. */
  public java.util.List<Map<String, Object>> listTasks(String tenant, UUID connectionId) {
    connections.require(tenant, connectionId);
    return sql.list(
        TenantSlug.of(tenant),
        "SELECT issue, issue_url, run_id, task_id, created_at FROM {schema}.issue_tasks"
            + " WHERE connection_id = ? ORDER BY created_at DESC",
        rs ->
            Map.<String, Object>of(
                "issue", rs.getString(1),
                "issueUrl", rs.getString(2),
                "runId", rs.getLong(3),
                "taskId", rs.getLong(4),
                "createdAt", TenantSql.instant(rs, "created_at")),
        connectionId);
  }

  private Issue github(String tenant, Connection c, String issue) {
    Matcher m = GITHUB_ISSUE.matcher(issue);
    if (!m.matches()) {
      throw ProblemException.invalid("issue", "A GitHub issue is written owner/repo#number.");
    }
    String api = config.github().apiUrl().toString().replaceAll("/+$", "");
    JsonNode body = fetch(tenant, c, api + "/repos/" + m.group(1) + "/issues/" + m.group(2), issue);
    return new Issue(
        body.path("title").asText(), body.path("body").asText(""), body.path("html_url").asText());
  }

  private Issue jira(String tenant, Connection c, String issue) {
    if (!JIRA_ISSUE.matcher(issue).matches()) {
      throw ProblemException.invalid("issue", "A Jira issue is written PROJECT-number.");
    }
    String api = config.atlassian().apiUrl().toString().replaceAll("/+$", "");
    JsonNode body =
        fetch(
            tenant,
            c,
            api
                + "/ex/jira/"
                + c.siteId()
                + "/rest/api/3/issue/"
                + issue
                + "?fields=summary,description",
            issue);
    String site = c.siteUrl() == null ? "" : c.siteUrl().replaceAll("/+$", "");
    return new Issue(
        body.path("fields").path("summary").asText(),
        Markup.adf(body.path("fields").path("description")).strip(),
        site + "/browse/" + issue);
  }

  private JsonNode fetch(String tenant, Connection c, String uri, String issue) {
    ProviderResponse response =
        calls.send(
            tenant,
            c.id(),
            ProviderRequest.get(URI.create(uri)).with("Accept", "application/json"));
    if (response.status() == 404 || response.status() == 403 || response.status() == 410) {
      throw new ProblemException(
          ProblemType.UNPROCESSABLE,
          "Issue " + issue + " does not exist or this connection cannot see it.",
          "issue");
    }
    if (!response.ok()) {
      throw new ProblemException(
          ProblemType.BAD_GATEWAY,
          "The provider answered " + response.status() + " for " + issue + ".");
    }
    return response.json();
  }

  private static String truncate(String s, int max) {
    return s.length() > max ? s.substring(0, max) : s;
  }
}
