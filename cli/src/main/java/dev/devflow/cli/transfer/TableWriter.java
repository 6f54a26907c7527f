package dev.devflow.cli.transfer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Writes an export's tables into a tenant's empty schema inside the caller's transaction. Foreign
 * keys are dropped first and added back (validated) at the end, because the tables refer to each
 * other in cycles (tasks and agents) and the file's order is alphabetical.
 */
final class TableWriter {

  private static final int BATCH = 500;

  record Summary(long rows, int tables) {}

  private record ForeignKey(String table, String name, String definition) {}

  private final Connection c;
  private final TenantSchema schema;
  private final List<String> tables;
  private final List<ForeignKey> foreignKeys;
  private long rows;
  private int imported;

  private TableWriter(
      Connection c, TenantSchema schema, List<String> tables, List<ForeignKey> foreignKeys) {
    this.c = c;
    this.schema = schema;
    this.tables = tables;
    this.foreignKeys = foreignKeys;
  }

  /** Checks the target (exists, same schema versions, no data) and readies it for the rows. */
  static TableWriter open(Connection c, TenantSchema schema, JsonNode exportVersions)
      throws SQLException {
    if (!schema.exists(c)) {
      throw new IllegalArgumentException(
          "there is no tenant '"
              + schema.slug
              + "' here: create it first ('devflow create-tenant'; in local mode, start DevFlow"
              + " once)");
    }
    Map<String, String> here = schema.versions(c);
    exportVersions
        .fields()
        .forEachRemaining(
            v -> {
              String ours = here.get(v.getKey());
              if (!v.getValue().asText().equals(ours)) {
                throw new IllegalArgumentException(
                    "the export's schema is at %s version %s, tenant '%s' here is at %s: use the"
                            .formatted(v.getKey(), v.getValue().asText(), schema.slug, ours)
                        + " same DevFlow release on both sides (upgrade the older one first)");
              }
            });
    List<String> tables = schema.tables(c);
    for (String table : tables) {
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery("SELECT EXISTS (SELECT 1 FROM " + schema.qualified(table) + ")")) {
        rs.next();
        if (rs.getBoolean(1)) {
          throw new IllegalArgumentException(
              "tenant '"
                  + schema.slug
                  + "' already holds data (in "
                  + table
                  + "): import into a fresh tenant");
        }
      }
    }
    List<ForeignKey> keys = foreignKeys(c, schema);
    for (ForeignKey key : keys) {
      execute(
          c,
          "ALTER TABLE "
              + schema.qualified(key.table())
              + " DROP CONSTRAINT "
              + TenantSchema.quote(key.name()));
    }
    return new TableWriter(c, schema, tables, keys);
  }

  /** Reads one table object of the export (the parser is on its START_OBJECT) and writes it. */
  void table(JsonParser json) throws Exception {
    String name = null;
    List<String> columns = new ArrayList<>();
    long written = 0;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      json.nextToken();
      switch (field) {
        case "name" -> name = json.getText();
        case "columns" ->
            ((JsonNode) json.readValueAsTree()).forEach(col -> columns.add(col.asText()));
        case "rows" -> written = insert(json, checkTable(name, columns), columns);
        case "rowCount" ->
            check(
                name,
                written == json.getLongValue(),
                "has " + written + " rows, the export says " + json.getLongValue());
        case "sha256" ->
            check(
                name,
                json.getText().equals(checksum(name, columns)),
                "does not match the export's checksum");
        default -> json.skipChildren();
      }
    }
    rows += written;
    imported++;
  }

  /** Adds the foreign keys back (PostgreSQL validates every row) and moves the sequences on. */
  Summary finish() throws SQLException {
    for (ForeignKey key : foreignKeys) {
      execute(
          c,
          "ALTER TABLE "
              + schema.qualified(key.table())
              + " ADD CONSTRAINT "
              + TenantSchema.quote(key.name())
              + " "
              + key.definition());
    }
    for (String table : tables) {
      resetSequences(table);
    }
    return new Summary(rows, imported);
  }

  private String checkTable(String name, List<String> columns) throws SQLException {
    if (name == null || !tables.contains(name)) {
      throw new IllegalArgumentException(
          "the export has a table '" + name + "' that tenant '" + schema.slug + "' does not have");
    }
    List<String> ours = schema.columns(c, name);
    if (!ours.containsAll(columns)) {
      List<String> unknown = new ArrayList<>(columns);
      unknown.removeAll(ours);
      throw new IllegalArgumentException("table " + name + ": unknown columns " + unknown);
    }
    return name;
  }

  private long insert(JsonParser json, String table, List<String> columns) throws Exception {
    String list = String.join(", ", columns.stream().map(TenantSchema::quote).toList());
    String sql =
        "INSERT INTO %s (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM json_populate_record(NULL::%s, ?::json)"
            .formatted(schema.qualified(table), list, list, schema.qualified(table));
    long count = 0;
    try (PreparedStatement insert = c.prepareStatement(sql)) {
      while (json.nextToken() == JsonToken.START_OBJECT) {
        insert.setString(1, json.readValueAsTree().toString());
        insert.addBatch();
        if (++count % BATCH == 0) {
          insert.executeBatch();
        }
      }
      insert.executeBatch();
    }
    return count;
  }

  private String checksum(String table, List<String> columns) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (PreparedStatement s = schema.rows(c, table, columns);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        digest.update((rs.getString(1) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private void resetSequences(String table) throws SQLException {
    List<String[]> serials = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT a.attname, pg_get_serial_sequence(?, a.attname) FROM pg_attribute a"
                + " WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped")) {
      s.setString(1, schema.qualified(table));
      s.setString(2, schema.qualified(table));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          if (rs.getString(2) != null) {
            serials.add(new String[] {rs.getString(1), rs.getString(2)});
          }
        }
      }
    }
    for (String[] serial : serials) {
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT setval(?, COALESCE(max(%s), 1), max(%s) IS NOT NULL) FROM %s"
                  .formatted(
                      TenantSchema.quote(serial[0]),
                      TenantSchema.quote(serial[0]),
                      schema.qualified(table)))) {
        s.setString(1, serial[1]);
        s.execute();
      }
    }
  }

  private static List<ForeignKey> foreignKeys(Connection c, TenantSchema schema)
      throws SQLException {
    List<ForeignKey> keys = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT t.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k"
                + " JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid ="
                + " t.relnamespace WHERE k.contype = 'f' AND n.nspname = ? ORDER BY 1, 2")) {
      s.setString(1, schema.schema);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          keys.add(new ForeignKey(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
    }
    return keys;
  }

  private static void check(String table, boolean ok, String problem) {
    if (!ok) {
      throw new IllegalStateException("table " + table + " " + problem + "; nothing was imported");
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
