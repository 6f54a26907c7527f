package dev.devflow.cli.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a backup directory holds besides the dump: {@code schema-versions.tsv} (the last migration
 * of every Flyway history, so a restore knows which DevFlow the data belongs to) and {@code
 * manifest.txt} (facts, then a sha256 per file, in {@code sha256sum} format so operators can check
 * it with that tool too).
 */
final class BackupManifest {

  static final String MANIFEST = "manifest.txt";
  static final String DUMP = "postgres.dump";
  static final String VERSIONS = "schema-versions.tsv";

  private BackupManifest() {}

  /** Every schema's Flyway history and its latest applied version, as TSV lines. */
  static List<String> schemaVersions(Connection connection) throws SQLException {
    List<String[]> histories = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT table_schema, table_name FROM information_schema.tables"
                    + " WHERE table_name LIKE 'flyway%history' ORDER BY 1, 2")) {
      while (rs.next()) {
        histories.add(new String[] {rs.getString(1), rs.getString(2)});
      }
    }
    List<String> lines = new ArrayList<>();
    for (String[] h : histories) {
      String sql =
          "SELECT max(version) FROM \"%s\".\"%s\" WHERE success"
              .formatted(h[0].replace("\"", "\"\""), h[1].replace("\"", "\"\""));
      try (Statement s = connection.createStatement();
          ResultSet rs = s.executeQuery(sql)) {
        rs.next();
        lines.add(h[0] + "\t" + h[1] + "\t" + rs.getString(1));
      }
    }
    return lines;
  }

  /** Writes the manifest: {@code facts} as key=value lines, then a checksum per file. */
  static void write(Path dir, Map<String, String> facts, List<String> files) throws IOException {
    StringBuilder text = new StringBuilder();
    facts.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    for (String file : files) {
      text.append(sha256(dir.resolve(file))).append("  ./").append(file).append('\n');
    }
    Files.writeString(dir.resolve(MANIFEST), text);
  }

  /** The manifest's facts, after checking that every listed file is there and unchanged. */
  static Map<String, String> verify(Path dir) throws IOException {
    Path manifest = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      throw new IllegalStateException(dir + " is not a DevFlow backup: it has no " + MANIFEST);
    }
    Map<String, String> facts = new LinkedHashMap<>();
    boolean dumpListed = false;
    for (String line : Files.readAllLines(manifest)) {
      if (line.matches("[0-9a-f]{64}  \\./.+")) {
        String file = line.substring(68);
        Path path = dir.resolve(file).normalize();
        if (!path.startsWith(dir.normalize()) || !Files.isRegularFile(path)) {
          throw new IllegalStateException(
              "backup " + dir + " is incomplete: " + file + " is missing");
        }
        if (!sha256(path).equals(line.substring(0, 64))) {
          throw new IllegalStateException(
              "backup " + dir + " is damaged: " + file + " does not match its checksum");
        }
        dumpListed |= file.equals(DUMP);
      } else if (line.contains("=")) {
        facts.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    if (!dumpListed) {
      throw new IllegalStateException("backup " + dir + " has no " + DUMP + " in its manifest");
    }
    return facts;
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
