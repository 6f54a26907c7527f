package dev.devflow.integrations.sync;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.integrations.connection.Connection;
import dev.devflow.integrations.connection.ConnectionService;
import dev.devflow.integrations.connection.ProviderCalls;
import dev.devflow.integrations.provider.Provider;
import dev.devflow.integrations.provider.ProviderException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a connection syncs, and starting syncs (on request, on creation, by webhook, by schedule).
 */
@ApplicationScoped
public class SyncService {

  private final ConnectionService connections;
  private final TargetRepository targets;
  private final SyncJobRepository jobs;
  private final SyncRunner runner;
  private final ProviderCalls calls;

  public SyncService(
      ConnectionService connections,
      TargetRepository targets,
      SyncJobRepository jobs,
      SyncRunner runner,
      ProviderCalls calls) {
    this.connections = connections;
    this.targets = targets;
    this.jobs = jobs;
    this.runner = runner;
    this.calls = calls;
  }

  /** Adds a target after checking the connection can see it, and starts its first sync. */
  public Map<String, Object> createTarget(String tenant, UUID connectionId, TargetRequest request) {
    Connection c = connections.require(tenant, connectionId);
    Provider needed =
        SyncTarget.GITHUB_REPO.equals(request.kind()) ? Provider.GITHUB : Provider.ATLASSIAN;
    if (c.provider() != needed) {
      throw ProblemException.invalid(
          "kind",
          "A "
              + request.kind()
              + " needs a "
              + needed.id()
              + " connection; this one is "
              + c.provider().id()
              + ".");
    }
    if (request.jql() != null && !SyncTarget.JIRA_PROJECT.equals(request.kind())) {
      throw ProblemException.invalid("jql", "Only a jira-project takes JQL.");
    }
    if (targets.findTarget(tenant, connectionId, request.kind(), request.key()).isPresent()) {
      throw new ProblemException(
          dev.devflow.common.problem.ProblemType.CONFLICT,
          request.kind() + " '" + request.key() + "' is already synced by this connection.",
          "key");
    }
    try {
      runner
          .syncer(request.kind())
          .checkAccess(c, request.key(), req -> calls.send(tenant, connectionId, req));
    } catch (ProviderException e) {
      throw new ProblemException(
          dev.devflow.common.problem.ProblemType.BAD_GATEWAY,
          "Could not check access: " + e.getMessage());
    }
    SyncTarget target =
        new SyncTarget(
            UUID.randomUUID(),
            connectionId,
            request.kind(),
            request.key(),
            request.jql(),
            null,
            null,
            null);
    targets.insert(tenant, target);
    SyncJob job = queue(tenant, target.id(), "created");
    return Map.of("target", targets.findTargetById(tenant, target.id()).orElseThrow(), "job", job);
  }

  public List<SyncTarget> listTargets(String tenant, UUID connectionId) {
    connections.require(tenant, connectionId);
    return targets.listTargets(tenant, connectionId);
  }

  public SyncTarget requireTarget(String tenant, UUID id) {
    return targets
        .findTargetById(tenant, id)
        .orElseThrow(() -> ProblemException.notFound("No sync target " + id + "."));
  }

  public void deleteTarget(String tenant, UUID id) {
    if (!targets.delete(tenant, id)) {
      throw ProblemException.notFound("No sync target " + id + ".");
    }
  }

  /** Queues a sync of the target (joining one already waiting) and starts it. */
  public SyncJob queue(String tenant, UUID targetId, String trigger) {
    SyncJob job =
        jobs.findQueued(tenant, targetId)
            .orElseGet(
                () -> {
                  UUID id = UUID.randomUUID();
                  jobs.insert(tenant, id, targetId, trigger);
                  return jobs.findJobById(tenant, id).orElseThrow();
                });
    runner.submit(tenant, job.id());
    return job;
  }

  public SyncJob requireJob(String tenant, UUID id) {
    return jobs.findJobById(tenant, id)
        .orElseThrow(() -> ProblemException.notFound("No sync job " + id + "."));
  }

  public List<SyncJob> listJobs(String tenant, UUID targetId) {
    requireTarget(tenant, targetId);
    return jobs.listJobs(tenant, targetId);
  }
}
