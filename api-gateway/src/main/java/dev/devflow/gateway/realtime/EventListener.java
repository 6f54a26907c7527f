package dev.devflow.gateway.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devflow.common.persistence.EventLog;
import dev.devflow.common.tenant.TenantSlug;
import dev.devflow.gateway.auth.ControlNotices;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens on {@code devflow_events} and {@code devflow_control}: events go to the sockets of their
 * tenant, control notices evict cached keys. When the database goes away the listener reconnects,
 * backing off, so the feed survives a database restart.
 */
@ApplicationScoped
public class EventListener {

  private static final Logger LOG = Logger.getLogger(EventListener.class);

  // The runtime role: LISTEN and reading tenants' events need no more (the common tenant
  // migrations grant SELECT on events in every tenant schema).
  private final AgroalDataSource runtime;
  private final EventHub hub;
  private final ControlNotices control;
  private final ObjectMapper json;
  private volatile boolean running;
  private Thread thread;

  @Inject
  public EventListener(
      AgroalDataSource runtime, EventHub hub, ControlNotices control, ObjectMapper json) {
    this.runtime = runtime;
    this.hub = hub;
    this.control = control;
    this.json = json;
  }

  void start(@Observes StartupEvent event) {
    running = true;
    thread = new Thread(this::run, "devflow-event-listener");
    thread.setDaemon(true);
    thread.start();
  }

  void stop(@Observes ShutdownEvent event) {
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
  }

  private void run() {
    long backoff = 500;
    while (running) {
      try (Connection c = runtime.getConnection()) {
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + EventLog.CHANNEL);
          s.execute("LISTEN " + ControlNotices.CHANNEL);
        }
        backoff = 500;
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] notifications = pg.getNotifications(1_000);
          if (notifications == null) {
            c.isValid(2); // surfaces a dead connection even when nothing is said
            continue;
          }
          for (PGNotification n : notifications) {
            dispatch(c, n);
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (running) {
          LOG.warnf(
              "Event listener lost the database (%s); reconnecting in %d ms",
              e.getMessage(), backoff);
          sleep(backoff);
          backoff = Math.min(backoff * 2, 5_000);
        }
      }
    }
  }

  private void dispatch(Connection c, PGNotification notification) throws SQLException {
    if (ControlNotices.CHANNEL.equals(notification.getName())) {
      control.received(notification.getParameter());
      return;
    }
    JsonNode notice;
    try {
      notice = json.readTree(notification.getParameter());
    } catch (java.io.IOException e) {
      return;
    }
    String tenant = notice.path("tenant").asText();
    if (!TenantSlug.isValid(tenant) || !hub.hasListeners(tenant)) {
      return;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT json_build_object('type', type, 'id', id, 'source', source, 'subject', subject,"
                + " 'payload', payload, 'createdAt', created_at)::text FROM "
                + TenantSlug.schemaOf(tenant)
                + ".events WHERE id = ?")) {
      s.setLong(1, notice.path("id").asLong());
      try (ResultSet rs = s.executeQuery()) {
        if (rs.next()) {
          hub.send(tenant, rs.getString(1));
        }
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
