package dev.devflow.integrations.connection;

import dev.devflow.common.tenant.TenantContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A tenant's connections: list, show, disconnect, and a fresh webhook secret. */
@Path("/api/v1/integrations/connections")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Connections")
public class ConnectionResource {

  private final ConnectionService connections;
  private final TenantContext tenant;

  public ConnectionResource(ConnectionService connections, TenantContext tenant) {
    this.connections = connections;
    this.tenant = tenant;
  }

  private String tenant() {
    return tenant.slug().orElseThrow();
  }

  @GET
  public List<ConnectionView> listConnections() {
    return connections.listConnections(tenant());
  }

  @GET
  @Path("/{id}")
  public ConnectionView getConnection(@PathParam("id") String id) {
    return connections.getConnection(tenant(), Ids.parse(id, "connection"));
  }

  /** Disconnects: revokes the grant where the provider allows it and deletes the tokens. */
  @DELETE
  @Path("/{id}")
  public Map<String, Object> disconnect(@PathParam("id") String id) {
    UUID uuid = Ids.parse(id, "connection");
    return Map.of("id", uuid, "revoked", connections.disconnect(tenant(), uuid));
  }

  /** A new webhook secret, shown this once, with the URL to configure at the provider. */
  @POST
  @Path("/{id}/webhook-secret")
  @Consumes(MediaType.WILDCARD)
  public Map<String, String> rotateWebhookSecret(@PathParam("id") String id) {
    UUID uuid = Ids.parse(id, "connection");
    String secret = connections.rotateWebhookSecret(tenant(), uuid);
    return Map.of(
        "secret",
        secret,
        "webhookUrl",
        connections.webhookUrl(tenant(), connections.require(tenant(), uuid)));
  }
}
