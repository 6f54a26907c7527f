package dev.devflow.gateway.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.common.tenant.TenantSlug;
import dev.devflow.gateway.auth.CurrentCaller;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/v1/events}: the caller's tenant's latest events, newest first, in the shape
 * {@code /ws} sends them, so the dashboard's activity feed survives a reload and catches up after a
 * dropped connection ({@code ?afterId=} returns only newer ones).
 */
@Path("/api/v1/events")
@Produces(MediaType.APPLICATION_JSON)
public class ActivityResource {

  private static final int MAX_LIMIT = 200;

  private final CurrentCaller caller;
  // The runtime role: it may read every tenant schema's events (granted by the common tenant
  // migrations) but reshape nothing; the schema comes from the authenticated caller only.
  private final AgroalDataSource runtime;
  private final ObjectMapper json;

  @Inject
  public ActivityResource(CurrentCaller caller, AgroalDataSource runtime, ObjectMapper json) {
    this.caller = caller;
    this.runtime = runtime;
    this.json = json;
  }

  @GET
  public List<JsonNode> listEvents(
      @QueryParam("limit") String limit, @QueryParam("afterId") String afterId) {
    String tenant = caller.inTenant().tenantSlug();
    int n = (int) number(limit, "limit", 20, 1, MAX_LIMIT);
    long after = number(afterId, "afterId", 0, 0, Long.MAX_VALUE);
    // The schema comes from the authenticated caller's tenant, never from the request.
    String sql =
        "SELECT json_build_object('type', type, 'id', id, 'source', source, 'subject', subject,"
            + " 'payload', payload, 'createdAt', created_at)::text FROM "
            + TenantSlug.schemaOf(tenant)
            + ".events WHERE id > ? ORDER BY id DESC LIMIT ?";
    try (Connection c = runtime.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, after);
      s.setInt(2, n);
      List<JsonNode> events = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          events.add(json.readTree(rs.getString(1)));
        }
      }
      return events;
    } catch (SQLException | IOException e) {
      throw new ProblemException(
          ProblemType.UNAVAILABLE, "The tenant's events cannot be read right now; retry shortly.");
    }
  }

  private static long number(String raw, String field, long fallback, long min, long max) {
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      long value = Long.parseLong(raw.strip());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ProblemException.invalid(
        field, field + " must be a whole number between " + min + " and " + max + ".");
  }
}
