package dev.devflow.integrations.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devflow.common.persistence.EventLog;
import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.common.tenant.TenantSlug;
import dev.devflow.integrations.connection.Connection;
import dev.devflow.integrations.connection.ConnectionRepository;
import dev.devflow.integrations.connection.TokenVault;
import dev.devflow.integrations.provider.Provider;
import dev.devflow.integrations.sync.SyncService;
import dev.devflow.integrations.sync.SyncTarget;
import dev.devflow.integrations.sync.TargetRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Receives GitHub and Jira webhooks for one connection of one tenant: the HMAC signature is checked
 * first (a bad one is a 401 and nothing else happens), a delivery id seen before is a replay (409),
 * and an event about a synced repository or project queues its incremental sync.
 */
@ApplicationScoped
public class WebhookService {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ConnectionRepository connections;
  private final TokenVault vault;
  private final TargetRepository targets;
  private final SyncService sync;
  private final TenantSql sql;
  private final EventLog events;

  public WebhookService(
      ConnectionRepository connections,
      TokenVault vault,
      TargetRepository targets,
      SyncService sync,
      TenantSql sql,
      EventLog events) {
    this.connections = connections;
    this.vault = vault;
    this.targets = targets;
    this.sync = sync;
    this.sql = sql;
    this.events = events;
  }

  /** A verified webhook's headers of interest. */
  public record Delivery(String signature, String deliveryId, String event) {}

  /** Handles one delivery; returns the sync jobs it queued. */
  public List<UUID> receive(
      String kind, String tenant, String connectionId, Delivery delivery, byte[] body) {
    // Whether the endpoint exists is nobody's business but its owner's: a missing connection, one
    // without a secret and a wrong signature get the same answer, after the same work.
    Optional<Connection> found = find(kind, tenant, connectionId);
    String secret =
        found
            .map(c -> vault.open(tenant, c.id(), "webhook_secret", c.webhookSecret()))
            .orElse(UNKNOWN_ENDPOINT_SECRET);
    boolean signed = Signatures.verify(secret, body, delivery.signature());
    if (found.isEmpty() || !signed) {
      throw new ProblemException(
          ProblemType.UNAUTHORIZED,
          "The webhook signature does not match this endpoint's secret, or there is no such"
              + " endpoint.");
    }
    Connection connection = found.get();
    if (delivery.deliveryId() == null
        || delivery.deliveryId().isBlank()
        || delivery.deliveryId().length() > 200) {
      throw ProblemException.invalid("deliveryId", "The webhook carries no delivery id header.");
    }
    int fresh =
        sql.update(
            TenantSlug.of(tenant),
            "INSERT INTO {schema}.webhook_deliveries (provider, delivery_id, connection_id, event)"
                + " VALUES (?,?,?,?) ON CONFLICT DO NOTHING",
            kind,
            delivery.deliveryId(),
            connection.id(),
            delivery.event());
    if (fresh == 0) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "Delivery " + delivery.deliveryId() + " was already received; replays are refused.");
    }
    Optional<String> subject = subject(kind, parse(body));
    List<UUID> queued = new ArrayList<>();
    if (subject.isPresent()) {
      String targetKind = "github".equals(kind) ? SyncTarget.GITHUB_REPO : SyncTarget.JIRA_PROJECT;
      targets
          .findTarget(tenant, connection.id(), targetKind, subject.get())
          .ifPresent(t -> queued.add(sync.queue(tenant, t.id(), "webhook").id()));
    }
    events.append(
        tenant,
        "integration.webhook",
        connection.id().toString(),
        Map.of(
            "provider",
            kind,
            "event",
            String.valueOf(delivery.event()),
            "queuedJobs",
            queued.size()));
    return queued;
  }

  /** The connection the endpoint names, if it exists, is of the provider and has a secret. */
  private Optional<Connection> find(String kind, String tenant, String rawId) {
    if (!TenantSlug.isValid(tenant)) {
      return Optional.empty();
    }
    UUID id;
    try {
      id = UUID.fromString(rawId);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    Provider provider = "github".equals(kind) ? Provider.GITHUB : Provider.ATLASSIAN;
    try {
      return connections
          .findConnectionById(tenant, id)
          .filter(x -> x.provider() == provider && x.webhookSecret() != null);
    } catch (IllegalStateException noSuchTenantSchema) {
      return Optional.empty();
    }
  }

  /** Checked against when no endpoint exists, so that answer takes as long as a wrong signature. */
  private static final String UNKNOWN_ENDPOINT_SECRET =
      java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID();

  private static Optional<String> subject(String kind, JsonNode payload) {
    if ("github".equals(kind)) {
      return Optional.ofNullable(payload.path("repository").path("full_name").textValue());
    }
    JsonNode issue = payload.path("issue");
    String project = issue.path("fields").path("project").path("key").textValue();
    if (project == null && issue.hasNonNull("key")) {
      project = issue.path("key").asText().replaceAll("-\\d+$", "");
    }
    return Optional.ofNullable(project);
  }

  private static JsonNode parse(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new ProblemException(ProblemType.MALFORMED_BODY, "The webhook body is not JSON.");
    }
  }
}
