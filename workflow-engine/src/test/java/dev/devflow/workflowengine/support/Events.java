package dev.devflow.workflowengine.support;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads tenant local's events table, to check what the engine announced. */
@ApplicationScoped
public class Events {

  private final AgroalDataSource dataSource;

  public Events(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  public List<String> types(String subject) {
    return types("local", subject);
  }

  public List<String> types(String tenant, String subject) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT type FROM tenant_" + tenant + ".events WHERE subject = ? ORDER BY id")) {
      ps.setString(1, subject);
      List<String> types = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          types.add(rs.getString(1));
        }
      }
      return types;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
