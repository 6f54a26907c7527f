package dev.devflow.cli.transfer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One tenant's schema ({@code tenant_<slug>}) as export and import see it: its data tables (not
 * Flyway's histories, not the ten-minute OAuth states, not the index change log), their columns,
 * the migration versions, and the canonical text of their rows, which both sides checksum.
 */
final class TenantSchema {

  private static final Pattern SLUG = Pattern.compile("[a-z][a-z0-9_]{2,39}");

  /**
   * Tables that expire in minutes (OAuth states) or that the target writes itself as the rows
   * arrive (the knowledge hub's index change log, filled by triggers).
   */
  private static final List<String> SKIPPED = List.of("oauth_states", "index_changes");

  final String slug;
  final String schema;

  TenantSchema(String slug) {
    if (!SLUG.matcher(slug).matches()) {
      throw new IllegalArgumentException(
          "--tenant must be a tenant slug: a lowercase letter, then 2 to 39 lowercase letters,"
              + " digits or underscores (got '"
              + slug
              + "')");
    }
    this.slug = slug;
    this.schema = "tenant_" + slug;
  }

  boolean exists(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
      s.setString(1, schema);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The data tables, by name. */
  List<String> tables(Connection c) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND c.relname NOT LIKE"
                + " 'flyway%history' ORDER BY c.relname")) {
      s.setString(1, schema);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          if (!SKIPPED.contains(rs.getString(1))) {
            tables.add(rs.getString(1));
          }
        }
      }
    }
    return tables;
  }

  /** The columns a row is written with (generated ones are computed again on import). */
  List<String> columns(Connection c, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND"
                + " table_name = ? AND is_generated = 'NEVER' ORDER BY ordinal_position")) {
      s.setString(1, schema);
      s.setString(2, table);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
    }
    return columns;
  }

  /** Each migration history's latest applied version, e.g. {@code flyway_common_history=2}. */
  Map<String, String> versions(Connection c) throws SQLException {
    Map<String, String> versions = new LinkedHashMap<>();
    List<String> histories = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND"
                + " table_name LIKE 'flyway%history' ORDER BY 1")) {
      s.setString(1, schema);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          histories.add(rs.getString(1));
        }
      }
    }
    for (String history : histories) {
      try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT max(version) FROM " + qualified(history) + " WHERE success");
          ResultSet rs = s.executeQuery()) {
        rs.next();
        versions.put(history, rs.getString(1));
      }
    }
    return versions;
  }

  /**
   * The rows' canonical text, PostgreSQL's own JSON of each row in a stable order; what the export
   * writes and what both sides checksum.
   */
  PreparedStatement rows(Connection c, String table, List<String> columns) throws SQLException {
    String list = String.join(", ", columns.stream().map(TenantSchema::quote).toList());
    PreparedStatement s =
        c.prepareStatement(
            "SELECT row_to_json(r)::text FROM (SELECT "
                + list
                + " FROM "
                + qualified(table)
                + ") r ORDER BY row_to_json(r)::text");
    s.setFetchSize(500);
    return s;
  }

  String qualified(String table) {
    return quote(schema) + "." + quote(table);
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
