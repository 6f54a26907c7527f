package dev.devflow.workflowengine.run;

import dev.devflow.agents.git.Git;
import dev.devflow.common.persistence.EventLog;
import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.common.tenant.TenantSlug;
import dev.devflow.workflowengine.workflow.Definition;
import dev.devflow.workflowengine.workflow.DefinitionService;
import dev.devflow.workflowengine.workflow.WorkflowModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates runs (checking the repository and branch) with the tasks their workflow starts with. A
 * run's repository belongs to its tenant: a path the engine may work in (see {@link
 * RepositoryPolicy}) or a repository one of the tenant's runners announced.
 */
@ApplicationScoped
public class RunService {

  private static final String SELECT =
      "SELECT r.*, d.name, d.version FROM {schema}.runs r"
          + " JOIN {schema}.workflow_definitions d ON d.id = r.definition_id ";

  private final TenantSql db;
  private final Git git;
  private final DefinitionService definitions;
  private final TaskSeeder tasks;
  private final EventLog events;
  private final RepositoryPolicy policy;
  private final RemoteRepositories remote;

  public RunService(
      TenantSql db,
      Git git,
      DefinitionService definitions,
      TaskSeeder tasks,
      EventLog events,
      RepositoryPolicy policy,
      RemoteRepositories remote) {
    this.db = db;
    this.git = git;
    this.definitions = definitions;
    this.tasks = tasks;
    this.events = events;
    this.policy = policy;
    this.remote = remote;
  }

  @Transactional
  public Run createRun(String tenant, RunRequest request) {
    Definition definition =
        definitions
            .findDefinitionById(tenant, request.workflowId())
            .orElseThrow(
                () ->
                    new ProblemException(
                        ProblemType.UNPROCESSABLE,
                        "No workflow definition " + request.workflowId() + ".",
                        "workflowId"));
    if ((request.repoPath() == null) == (request.repository() == null)) {
      throw ProblemException.invalid(
          request.repoPath() == null ? "repository" : "repoPath",
          policy.enginePaths(tenant)
              ? "Name the repository either by repoPath (a path on this machine) or by repository"
                  + " (a name your runner announced), not both."
              : "Name the repository a runner of yours announced (repository); this installation"
                  + " runs agents only on runners.");
    }
    if (!git.validBranchName(request.baseBranch())) {
      throw ProblemException.invalid("baseBranch", "baseBranch is not a valid branch name.");
    }
    String repoPath = null;
    if (request.repoPath() != null) {
      Path repo = policy.checkedPath(tenant, request.repoPath());
      if (!git.branchExists(repo, request.baseBranch())) {
        throw new ProblemException(
            ProblemType.UNPROCESSABLE,
            "baseBranch '" + request.baseBranch() + "' does not exist in that repository.",
            "baseBranch");
      }
      repoPath = repo.toString();
    } else {
      checkAnnounced(tenant, request.repository(), request.baseBranch());
    }
    long id =
        db.insert(
            TenantSlug.of(tenant),
            "INSERT INTO {schema}.runs (definition_id, repo_path, repository, base_branch, status)"
                + " VALUES (?, ?, ?, ?, 'running') RETURNING id",
            definition.id(),
            repoPath,
            request.repository(),
            request.baseBranch());
    tasks.seed(tenant, id, definition.model());
    events.append(
        tenant, "run.started", "run:" + id, Map.of("runId", id, "workflow", definition.name()));
    return findRunById(tenant, id).orElseThrow();
  }

  public Optional<Run> findRunById(String tenant, long id) {
    return db.one(TenantSlug.of(tenant), SELECT + "WHERE r.id = ?", RunService::map, id);
  }

  public List<Run> listRuns(String tenant) {
    return db.list(TenantSlug.of(tenant), SELECT + "ORDER BY r.id DESC", RunService::map);
  }

  /** The model of the definition version the run pinned. */
  public WorkflowModel modelOf(String tenant, Run run) {
    return definitions.findPinned(tenant, run.workflowId()).orElseThrow().model();
  }

  /** Marks the run cancelled; its live tasks are cancelled by the caller with their agents. */
  @Transactional
  public Run cancelRun(String tenant, long id) {
    Run run = findRunById(tenant, id).orElseThrow(() -> notFound(id));
    if (!"running".equals(run.status())) {
      throw new ProblemException(
          ProblemType.CONFLICT, "Run " + id + " is " + run.status() + ", not running.", "status");
    }
    db.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.runs SET status = 'cancelled', updated_at = now() WHERE id = ?",
        id);
    events.append(tenant, "run.cancelled", "run:" + id, Map.of("runId", id));
    return findRunById(tenant, id).orElseThrow();
  }

  private void checkAnnounced(String tenant, String repository, String branch) {
    List<String> branches =
        remote
            .branches(tenant, repository)
            .orElseThrow(
                () ->
                    new ProblemException(
                        ProblemType.UNPROCESSABLE,
                        "No runner of yours has announced a repository named '"
                            + repository
                            + "'; start one where it is checked out: devflow runner --repo "
                            + repository
                            + "=/path/to/checkout",
                        "repository"));
    if (!branches.isEmpty() && !branches.contains(branch)) {
      throw new ProblemException(
          ProblemType.UNPROCESSABLE,
          "baseBranch '" + branch + "' is not a branch of '" + repository + "' on its runners.",
          "baseBranch");
    }
  }

  private static Run map(ResultSet rs) throws SQLException {
    return new Run(
        rs.getLong("id"),
        rs.getLong("definition_id"),
        rs.getString("name"),
        rs.getInt("version"),
        rs.getString("repo_path"),
        rs.getString("repository"),
        rs.getString("base_branch"),
        rs.getString("status"),
        rs.getString("uid"),
        rs.getObject("created_at", OffsetDateTime.class));
  }

  public static ProblemException notFound(long id) {
    return ProblemException.notFound("No run " + id + ".");
  }
}
