package dev.devflow.gateway.realtime;

import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open dashboard sockets, by tenant; an event goes to its tenant's sockets and no others. */
@ApplicationScoped
public class EventHub {

  private final Map<String, Set<WebSocketConnection>> byTenant = new ConcurrentHashMap<>();

  public void join(String tenant, WebSocketConnection connection) {
    byTenant.computeIfAbsent(tenant, t -> ConcurrentHashMap.newKeySet()).add(connection);
  }

  public void leave(String tenant, WebSocketConnection connection) {
    Set<WebSocketConnection> connections = byTenant.get(tenant);
    if (connections != null) {
      connections.remove(connection);
    }
  }

  public boolean hasListeners(String tenant) {
    Set<WebSocketConnection> connections = byTenant.get(tenant);
    return connections != null && !connections.isEmpty();
  }

  public void send(String tenant, String json) {
    for (WebSocketConnection connection : byTenant.getOrDefault(tenant, Set.of())) {
      if (connection.isOpen()) {
        connection.sendTextAndAwait(json);
      }
    }
  }
}
