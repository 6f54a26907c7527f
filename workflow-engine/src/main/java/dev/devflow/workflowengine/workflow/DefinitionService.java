package dev.devflow.workflowengine.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.common.tenant.TenantSlug;
import dev.devflow.workflowengine.limits.PlanLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Stores workflow definitions per tenant; every change is a new version. */
@ApplicationScoped
public class DefinitionService {

  private static final String COLUMNS = "id, name, version, format, source, model, created_at";

  private final TenantSql db;
  private final DefinitionParser parser;
  private final PlanLimits limits;

  public DefinitionService(TenantSql db, DefinitionParser parser, PlanLimits limits) {
    this.db = db;
    this.parser = parser;
    this.limits = limits;
  }

  @Transactional
  public Definition createDefinition(String tenant, DefinitionRequest request) {
    WorkflowModel model = parseWithinLimits(tenant, request);
    String name = nameOf(request, model);
    db.update(
        TenantSlug.of(tenant),
        "LOCK TABLE {schema}.workflow_definitions IN SHARE ROW EXCLUSIVE MODE");
    if (latestVersion(tenant, name).isPresent()) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "A workflow named '" + name + "' exists; PUT /api/v1/workflows/{id} adds a version.",
          "name");
    }
    // A name whose workflow was deleted is free again: its new definition continues the version
    // numbers, since the deleted rows stay for the runs that pinned them.
    return insert(tenant, name, lastVersionEver(tenant, name) + 1, request, model);
  }

  @Transactional
  public Definition updateDefinition(String tenant, long id, DefinitionRequest request) {
    Definition current = findDefinitionById(tenant, id).orElseThrow(() -> notFound(id));
    WorkflowModel model = parseWithinLimits(tenant, request);
    db.update(
        TenantSlug.of(tenant),
        "LOCK TABLE {schema}.workflow_definitions IN SHARE ROW EXCLUSIVE MODE");
    int next = lastVersionEver(tenant, current.name()) + 1;
    return insert(tenant, current.name(), next, request, model);
  }

  public Optional<Definition> findDefinitionById(String tenant, long id) {
    return db.one(
        TenantSlug.of(tenant),
        "SELECT " + COLUMNS + " FROM {schema}.workflow_definitions WHERE id = ? AND NOT deleted",
        this::map,
        id);
  }

  /** The latest version of every workflow. */
  public List<Definition> listDefinitions(String tenant) {
    return db.list(
        TenantSlug.of(tenant),
        "SELECT DISTINCT ON (name) "
            + COLUMNS
            + " FROM {schema}.workflow_definitions WHERE NOT deleted ORDER BY name, version DESC",
        this::map);
  }

  public List<Definition> listVersions(String tenant, long id) {
    Definition d = findDefinitionById(tenant, id).orElseThrow(() -> notFound(id));
    return db.list(
        TenantSlug.of(tenant),
        "SELECT " + COLUMNS + " FROM {schema}.workflow_definitions WHERE name = ? ORDER BY version",
        this::map,
        d.name());
  }

  /** Retires every version of the workflow; runs keep the version they pinned. */
  @Transactional
  public void deleteDefinition(String tenant, long id) {
    Definition d = findDefinitionById(tenant, id).orElseThrow(() -> notFound(id));
    db.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.workflow_definitions SET deleted = TRUE WHERE name = ?",
        d.name());
  }

  /** Any version, deleted or not, as runs pinned it. */
  public Optional<Definition> findPinned(String tenant, long id) {
    return db.one(
        TenantSlug.of(tenant),
        "SELECT " + COLUMNS + " FROM {schema}.workflow_definitions WHERE id = ?",
        this::map,
        id);
  }

  private WorkflowModel parseWithinLimits(String tenant, DefinitionRequest request) {
    WorkflowModel model = parser.parse(request.format(), request.source());
    OptionalInt cap = limits.maxPhasesPerWorkflow(tenant);
    if (cap.isPresent() && model.phases().size() > cap.getAsInt()) {
      throw new ProblemException(
          ProblemType.UNPROCESSABLE,
          "Your plan allows "
              + cap.getAsInt()
              + " phases per workflow; this definition has "
              + model.phases().size()
              + ".",
          "phases");
    }
    return model;
  }

  private static String nameOf(DefinitionRequest request, WorkflowModel model) {
    String name = request.name() != null ? request.name() : model.name();
    if (name == null || name.isBlank()) {
      throw ProblemException.invalid(
          "name", "name is required (in the request or the definition).");
    }
    return name.strip();
  }

  private Optional<Integer> latestVersion(String tenant, String name) {
    return db.one(
        TenantSlug.of(tenant),
        "SELECT max(version) FROM {schema}.workflow_definitions WHERE name = ? AND NOT deleted"
            + " HAVING count(*) > 0",
        rs -> rs.getInt(1),
        name);
  }

  /** The highest version the name ever had, deleted ones included; 0 for a new name. */
  private int lastVersionEver(String tenant, String name) {
    return db.one(
            TenantSlug.of(tenant),
            "SELECT coalesce(max(version), 0) FROM {schema}.workflow_definitions WHERE name = ?",
            rs -> rs.getInt(1),
            name)
        .orElse(0);
  }

  private Definition insert(
      String tenant, String name, int version, DefinitionRequest request, WorkflowModel model) {
    long id =
        db.insert(
            TenantSlug.of(tenant),
            "INSERT INTO {schema}.workflow_definitions (name, version, format, source, model)"
                + " VALUES (?, ?, ?, ?, ?::jsonb) RETURNING id",
            name,
            version,
            request.format(),
            request.source(),
            db.toJson(model));
    return findDefinitionById(tenant, id).orElseThrow();
  }

  private Definition map(ResultSet rs) throws SQLException {
    try {
      return new Definition(
          rs.getLong("id"),
          rs.getString("name"),
          rs.getInt("version"),
          rs.getString("format"),
          rs.getString("source"),
          db.json().readValue(rs.getString("model"), WorkflowModel.class),
          rs.getObject("created_at", OffsetDateTime.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored definition is unreadable", e);
    }
  }

  static ProblemException notFound(long id) {
    return ProblemException.notFound("No workflow definition " + id + ".");
  }
}
