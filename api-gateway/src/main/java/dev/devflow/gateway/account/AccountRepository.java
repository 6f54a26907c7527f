package dev.devflow.gateway.account;

import dev.devflow.gateway.auth.ApiKeySecret;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * SQL over users and API keys. Every statement runs on a connection of the runtime role with {@code
 * app.current_tenant} set, so row-level security confines it to that tenant whatever the statement
 * says.
 */
@ApplicationScoped
public class AccountRepository {

  public List<User> listUsers(Connection c) throws SQLException {
    List<User> users = new ArrayList<>();
    try (ResultSet rs =
        c.createStatement()
            .executeQuery("SELECT id, email, role, created_at FROM devflow.users ORDER BY email")) {
      while (rs.next()) {
        users.add(user(rs));
      }
    }
    return users;
  }

  public int countUsers(Connection c) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM devflow.users")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  public Optional<User> findUserByEmail(Connection c, String email) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT id, email, role, created_at FROM devflow.users WHERE email = ?")) {
      s.setString(1, email);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(user(rs)) : Optional.empty();
      }
    }
  }

  public User insertUser(Connection c, UUID tenantId, String email, String role)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO devflow.users (tenant_id, email, role) VALUES (?, ?, ?)"
                + " RETURNING id, email, role, created_at")) {
      s.setObject(1, tenantId);
      s.setString(2, email);
      s.setString(3, role);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return user(rs);
      }
    }
  }

  public boolean deleteUser(Connection c, UUID id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM devflow.users WHERE id = ?")) {
      s.setObject(1, id);
      return s.executeUpdate() == 1;
    }
  }

  public ApiKey insertKey(
      Connection c,
      UUID tenantId,
      UUID userId,
      String name,
      ApiKeySecret secret,
      Instant expires,
      List<String> scopes)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO devflow.api_keys (tenant_id, user_id, name, prefix, secret_hash,"
                + " expires_at, scopes) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING "
                + KEY_COLUMNS)) {
      s.setObject(1, tenantId);
      s.setObject(2, userId);
      s.setString(3, name);
      s.setString(4, secret.prefix());
      s.setBytes(5, secret.hash());
      s.setTimestamp(6, expires == null ? null : Timestamp.from(expires));
      s.setArray(7, c.createArrayOf("text", scopes.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return key(rs);
      }
    }
  }

  public List<ApiKey> listKeys(Connection c, UUID userIdOrNull) throws SQLException {
    String sql =
        "SELECT "
            + KEY_COLUMNS
            + " FROM devflow.api_keys"
            + (userIdOrNull == null ? "" : " WHERE user_id = ?")
            + " ORDER BY created_at";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      if (userIdOrNull != null) {
        s.setObject(1, userIdOrNull);
      }
      List<ApiKey> keys = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          keys.add(key(rs));
        }
      }
      return keys;
    }
  }

  public Optional<ApiKey> findKey(Connection c, UUID id) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT " + KEY_COLUMNS + " FROM devflow.api_keys WHERE id = ?")) {
      s.setObject(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(key(rs)) : Optional.empty();
      }
    }
  }

  /** Revokes keys of a user with a given name (a provisioning retry replaces its unseen key). */
  public void revokeKeysNamed(Connection c, UUID userId, String name) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE devflow.api_keys SET revoked_at = now()"
                + " WHERE user_id = ? AND name = ? AND revoked_at IS NULL")) {
      s.setObject(1, userId);
      s.setString(2, name);
      s.executeUpdate();
    }
  }

  public boolean revokeKey(Connection c, UUID id) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE devflow.api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = ?")) {
      s.setObject(1, id);
      return s.executeUpdate() == 1;
    }
  }

  private static final String KEY_COLUMNS =
      "id, user_id, name, prefix, scopes, created_at, last_used_at, expires_at, revoked_at";

  private static User user(ResultSet rs) throws SQLException {
    return new User(
        rs.getObject("id", UUID.class),
        rs.getString("email"),
        rs.getString("role"),
        rs.getTimestamp("created_at").toInstant());
  }

  private static ApiKey key(ResultSet rs) throws SQLException {
    return new ApiKey(
        rs.getObject("id", UUID.class),
        rs.getObject("user_id", UUID.class),
        rs.getString("name"),
        rs.getString("prefix"),
        List.of((String[]) rs.getArray("scopes").getArray()),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("last_used_at")),
        instant(rs.getTimestamp("expires_at")),
        instant(rs.getTimestamp("revoked_at")));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
