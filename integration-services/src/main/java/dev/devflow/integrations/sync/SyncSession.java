package dev.devflow.integrations.sync;

import dev.devflow.common.persistence.EventLog;
import dev.devflow.integrations.connection.Connection;
import dev.devflow.integrations.knowledge.Document;
import dev.devflow.integrations.provider.ProviderRequest;
import dev.devflow.integrations.provider.ProviderResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of one target. Provider calls carry the connection's token; documents are buffered and
 * sent to the knowledge hub in batches, and a cursor staged while reading only becomes durable once
 * the documents read before it are in the knowledge hub. A job that dies part-way therefore resumes
 * from the last batch that made it, not from the start and not past lost documents.
 */
public class SyncSession {

  private final SyncTools tools;
  private final TargetRepository targets;
  private final SyncJobRepository jobs;
  private final EventLog events;
  private final String tenant;
  private final Connection connection;
  private SyncTarget target;
  private final SyncJob job;
  private final List<Document> buffer = new ArrayList<>();
  private final Map<String, String> staged = new LinkedHashMap<>();
  private int sent;

  SyncSession(
      SyncTools tools,
      TargetRepository targets,
      SyncJobRepository jobs,
      EventLog events,
      String tenant,
      Connection connection,
      SyncTarget target,
      SyncJob job) {
    this.tools = tools;
    this.targets = targets;
    this.jobs = jobs;
    this.events = events;
    this.tenant = tenant;
    this.connection = connection;
    this.target = target;
    this.job = job;
  }

  public Connection connection() {
    return connection;
  }

  public SyncTarget target() {
    return target;
  }

  /** Calls the provider with the connection's token (refreshed as needed); 401 is an exception. */
  public ProviderResponse call(ProviderRequest request) {
    jobs.heartbeat(tenant, job.id());
    return tools.calls.send(tenant, connection.id(), request);
  }

  /** The durable value of a cursor (a staged but unflushed one is not visible here). */
  public Optional<String> cursor(String resource) {
    return targets.cursor(tenant, target.id(), resource);
  }

  /** A cursor to save once everything emitted so far is in the knowledge hub. */
  public void stageCursor(String resource, String value) {
    staged.put(resource, value);
  }

  /** Adds a document, sending a batch when the buffer is full. */
  public void emit(Document document) {
    // the knowledge hub refuses empty files, and an empty README still says the repo has one
    buffer.add(
        document.markdown().isBlank()
            ? new Document(document.name(), "# " + document.name() + "\n\n(empty)\n")
            : document);
    if (buffer.size() >= tools.config.sync().batchSize()) {
      flush();
    }
  }

  /** Sends buffered documents, then makes the staged cursors durable, then reports progress. */
  public void flush() {
    if (!buffer.isEmpty()) {
      var source =
          tools.knowledge.upload(
              tools.serviceTokens.header(tenant, connection.createdBy()),
              Optional.ofNullable(target.knowledgeSourceId()),
              sourceName(),
              List.of(connection.provider().id(), target.kind()),
              List.copyOf(buffer));
      if (!source.equals(target.knowledgeSourceId())) {
        targets.updateSource(tenant, target.id(), source);
        target = targets.findTargetById(tenant, target.id()).orElse(target);
      }
    }
    staged.forEach((resource, value) -> targets.saveCursor(tenant, target.id(), resource, value));
    staged.clear();
    if (!buffer.isEmpty()) {
      sent += buffer.size();
      jobs.addDocuments(tenant, job.id(), buffer.size());
      events.append(tenant, "sync.progress", target.id().toString(), progress());
      buffer.clear();
    }
  }

  /** Documents sent so far in this run. */
  public int sent() {
    return sent;
  }

  Map<String, Object> progress() {
    return Map.of(
        "jobId", job.id().toString(),
        "targetId", target.id().toString(),
        "kind", target.kind(),
        "key", target.key(),
        "documents", sent + job.documents());
  }

  private String sourceName() {
    String what =
        switch (target.kind()) {
          case SyncTarget.GITHUB_REPO -> "GitHub " + target.key();
          case SyncTarget.JIRA_PROJECT -> "Jira " + target.key();
          default -> "Confluence " + target.key();
        };
    return what.length() > 200 ? what.substring(0, 200) : what;
  }
}
