package dev.devflow.common.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devflow.common.tenant.TenantSlug;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * Appends to a tenant's activity ({@code events} table) and announces it with {@code NOTIFY
 * devflow_events}, so the gateway's {@code /ws} can push it to that tenant's dashboards. Called
 * inside a transaction, the event commits (and is announced) with the change it describes.
 */
@ApplicationScoped
public class EventLog {

  /** The PostgreSQL channel events are announced on. */
  public static final String CHANNEL = "devflow_events";

  private final AgroalDataSource dataSource;
  private final ObjectMapper json;
  private final String service;

  @Inject
  public EventLog(
      AgroalDataSource dataSource,
      ObjectMapper json,
      dev.devflow.common.config.DevflowConfig config) {
    this.dataSource = dataSource;
    this.json = json;
    this.service = config.service();
  }

  /**
   * Records an event for a tenant.
   *
   * @param type dotted lowercase kind, e.g. {@code crawl.progress}, {@code agent.started}
   * @param subject what it is about, e.g. a source or task id; may be null
   * @return the event's id
   */
  public long append(String tenant, String type, String subject, Map<String, ?> payload) {
    String schema = TenantSlug.schemaOf(tenant);
    String body = toJson(payload);
    try (Connection c = dataSource.getConnection()) {
      long id;
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO "
                  + schema
                  + ".events (type, source, subject, payload) VALUES (?, ?, ?, ?::jsonb)"
                  + " RETURNING id")) {
        insert.setString(1, type);
        insert.setString(2, service);
        insert.setString(3, subject);
        insert.setString(4, body);
        try (ResultSet rs = insert.executeQuery()) {
          rs.next();
          id = rs.getLong(1);
        }
      }
      try (PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
        notify.setString(1, CHANNEL);
        notify.setString(2, toJson(Map.of("tenant", tenant, "id", id, "type", type)));
        notify.execute();
      }
      return id;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not record event " + type + " for " + tenant, e);
    }
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value == null ? Map.of() : value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Event payload is not serialisable", e);
    }
  }
}
