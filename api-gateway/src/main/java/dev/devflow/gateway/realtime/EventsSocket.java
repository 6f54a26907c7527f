package dev.devflow.gateway.realtime;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.inject.Inject;

/**
 * {@code /ws}: the dashboard's live feed of its tenant's events. The front door has authenticated
 * the handshake (a browser sends its key as {@code ?access_token=}) and named the tenant in a
 * header only the gateway can set.
 */
@WebSocket(path = "/ws")
public class EventsSocket {

  /** Header the front door sets on an admitted handshake. */
  public static final String TENANT_HEADER = "X-Devflow-Socket-Tenant";

  private final EventHub hub;

  @Inject
  public EventsSocket(EventHub hub) {
    this.hub = hub;
  }

  @OnOpen
  public String open(WebSocketConnection connection) {
    String tenant = connection.handshakeRequest().header(TENANT_HEADER);
    if (tenant == null) {
      connection.close().subscribe().with(v -> {}, e -> {});
      return "{\"type\":\"error\",\"detail\":\"no tenant\"}";
    }
    hub.join(tenant, connection);
    return "{\"type\":\"welcome\",\"tenant\":\"" + tenant + "\"}";
  }

  @OnClose
  public void close(WebSocketConnection connection) {
    String tenant = connection.handshakeRequest().header(TENANT_HEADER);
    if (tenant != null) {
      hub.leave(tenant, connection);
    }
  }
}
