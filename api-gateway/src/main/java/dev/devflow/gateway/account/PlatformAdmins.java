package dev.devflow.gateway.account;

import dev.devflow.gateway.auth.ApiKeySecret;
import dev.devflow.gateway.db.ControlDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

/**
 * Platform administrators: who may create and suspend tenants. The first one is made with {@code
 * devflow create-admin}, which writes the same rows as {@link #create(String)}.
 */
@ApplicationScoped
public class PlatformAdmins {

  private final ControlDatabase db;

  @Inject
  public PlatformAdmins(ControlDatabase db) {
    this.db = db;
  }

  /** Creates (or finds) the administrator and gives them a new key; returns the key's secret. */
  public String create(String email) {
    ApiKeySecret secret = ApiKeySecret.generate();
    return db.asOwner(
        c -> {
          UUID id;
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO devflow.platform_admins (email) VALUES (?)"
                      + " ON CONFLICT (email) DO UPDATE SET email = excluded.email RETURNING id")) {
            s.setString(1, email);
            try (ResultSet rs = s.executeQuery()) {
              rs.next();
              id = rs.getObject(1, UUID.class);
            }
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO devflow.api_keys (admin_id, name, prefix, secret_hash)"
                      + " VALUES (?, 'platform admin key', ?, ?)")) {
            s.setObject(1, id);
            s.setString(2, secret.prefix());
            s.setBytes(3, secret.hash());
            s.executeUpdate();
          }
          return secret.value();
        });
  }
}
