package dev.devflow.gateway.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL over {@code devflow.tenants}; callers choose the connection (and so the role). */
@ApplicationScoped
public class TenantRepository {

  private static final String COLUMNS = "id, slug, name, plan, status, region, created_at";

  public Optional<Tenant> findBySlug(Connection c, String slug) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT " + COLUMNS + " FROM devflow.tenants WHERE slug = ?")) {
      s.setString(1, slug);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    }
  }

  public List<Tenant> list(Connection c) throws SQLException {
    List<Tenant> tenants = new ArrayList<>();
    try (ResultSet rs =
        c.createStatement()
            .executeQuery("SELECT " + COLUMNS + " FROM devflow.tenants ORDER BY slug")) {
      while (rs.next()) {
        tenants.add(map(rs));
      }
    }
    return tenants;
  }

  /** Inserts the tenant in status {@code provisioning} unless its slug exists; returns the row. */
  public Tenant insertIfAbsent(Connection c, String slug, String name, String plan, String region)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO devflow.tenants (slug, name, plan, status, region)"
                + " VALUES (?, ?, ?, 'provisioning', ?) ON CONFLICT (slug) DO NOTHING")) {
      s.setString(1, slug);
      s.setString(2, name);
      s.setString(3, plan);
      s.setString(4, region);
      s.executeUpdate();
    }
    return findBySlug(c, slug).orElseThrow();
  }

  public void setStatus(Connection c, String slug, String status) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE devflow.tenants SET status = ?, updated_at = now() WHERE slug = ?")) {
      s.setString(1, status);
      s.setString(2, slug);
      s.executeUpdate();
    }
  }

  public void delete(Connection c, String slug) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM devflow.tenants WHERE slug = ?")) {
      s.setString(1, slug);
      s.executeUpdate();
    }
  }

  private static Tenant map(ResultSet rs) throws SQLException {
    return new Tenant(
        rs.getObject("id", java.util.UUID.class),
        rs.getString("slug"),
        rs.getString("name"),
        rs.getString("plan"),
        rs.getString("status"),
        rs.getString("region"),
        rs.getTimestamp("created_at").toInstant());
  }
}
