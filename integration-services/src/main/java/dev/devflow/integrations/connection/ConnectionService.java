package dev.devflow.integrations.connection;

import dev.devflow.common.persistence.EventLog;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.integrations.config.IntegrationsConfig;
import dev.devflow.integrations.provider.Provider;
import dev.devflow.integrations.provider.ProviderException;
import dev.devflow.integrations.tokens.Account;
import dev.devflow.integrations.tokens.OAuthProviders;
import dev.devflow.integrations.tokens.TokenSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/** A tenant's connections: create (tokens sealed), show, list, disconnect, webhook secrets. */
@ApplicationScoped
public class ConnectionService {

  private static final Logger LOG = Logger.getLogger(ConnectionService.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ConnectionRepository repository;
  private final TokenVault vault;
  private final OAuthProviders providers;
  private final IntegrationsConfig config;
  private final EventLog events;

  public ConnectionService(
      ConnectionRepository repository,
      TokenVault vault,
      OAuthProviders providers,
      IntegrationsConfig config,
      EventLog events) {
    this.repository = repository;
    this.vault = vault;
    this.providers = providers;
    this.config = config;
    this.events = events;
  }

  /** Stores a new connection with its tokens encrypted. */
  public Connection create(
      String tenant, String user, Provider provider, TokenSet tokens, Account account) {
    UUID id = UUID.randomUUID();
    Connection c =
        new Connection(
            id,
            provider,
            user,
            account.name(),
            account.siteId(),
            account.siteUrl(),
            tokens.scopes(),
            vault.seal(tenant, id, "access_token", tokens.accessToken()),
            vault.seal(tenant, id, "refresh_token", tokens.refreshToken()),
            tokens.expiresAt(),
            null,
            Connection.ACTIVE,
            Instant.now());
    repository.insert(tenant, c);
    return c;
  }

  public List<ConnectionView> listConnections(String tenant) {
    return repository.listConnections(tenant).stream().map(c -> view(tenant, c)).toList();
  }

  public ConnectionView getConnection(String tenant, UUID id) {
    return view(tenant, require(tenant, id));
  }

  /** The connection, or a 404 naming it (another tenant's id is simply not there). */
  public Connection require(String tenant, UUID id) {
    return repository
        .findConnectionById(tenant, id)
        .orElseThrow(() -> ProblemException.notFound("No connection " + id + "."));
  }

  /** Revokes the grant where the provider allows it, then forgets the connection and its data. */
  public boolean disconnect(String tenant, UUID id) {
    Connection c = require(tenant, id);
    boolean revoked = false;
    try {
      revoked =
          providers
              .configured(c.provider())
              .revoke(vault.open(tenant, id, "access_token", c.accessToken()));
    } catch (ProviderException | ProblemException e) {
      LOG.infof("Could not revoke %s connection %s: %s", c.provider().id(), id, e.getMessage());
    }
    deleteRow(tenant, c, revoked);
    return revoked;
  }

  @Transactional
  void deleteRow(String tenant, Connection c, boolean revoked) {
    repository.delete(tenant, c.id());
    events.append(
        tenant,
        "integration.disconnected",
        c.id().toString(),
        Map.of("provider", c.provider().id(), "revoked", revoked));
  }

  /** Makes a new webhook secret, returned this once; the previous one stops working. */
  public String rotateWebhookSecret(String tenant, UUID id) {
    require(tenant, id);
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String secret = HexFormat.of().formatHex(raw);
    repository.updateWebhookSecret(tenant, id, vault.seal(tenant, id, "webhook_secret", secret));
    return secret;
  }

  /** The URL the provider must send this connection's webhooks to. */
  public String webhookUrl(String tenant, Connection c) {
    String kind = c.provider() == Provider.GITHUB ? "github" : "jira";
    return config.publicUrl().toString().replaceAll("/+$", "")
        + "/api/v1/webhooks/"
        + kind
        + "/"
        + tenant
        + "/"
        + c.id();
  }

  public ConnectionView view(String tenant, Connection c) {
    return new ConnectionView(
        c.id(),
        c.provider().id(),
        c.account(),
        c.siteUrl(),
        c.scopes(),
        c.status(),
        c.expiresAt(),
        c.createdBy(),
        c.createdAt(),
        webhookUrl(tenant, c),
        c.webhookSecret() != null);
  }
}
