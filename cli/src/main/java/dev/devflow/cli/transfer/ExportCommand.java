package dev.devflow.cli.transfer;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.devflow.cli.home.ControlDatabaseUrl;
import dev.devflow.cli.home.DevflowHome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code devflow export}: one tenant's data as a versioned JSON file, for the spec's moves (local
 * to SaaS, SaaS to on-prem). Every table of the tenant's schema, read in one snapshot, each with
 * its row count and a sha256 of its rows that {@code devflow import} checks after writing them.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Export one tenant's data (knowledge, workflows, integrations) to a JSON file.")
public final class ExportCommand implements Callable<Integer> {

  @Option(
      names = "--tenant",
      defaultValue = "local",
      description = "The tenant to export (default: local, the tenant of local mode).")
  String tenant;

  @Option(
      names = "--output",
      defaultValue = "devflow-export.json",
      description = "The file to write (default: devflow-export.json).")
  Path output;

  @Spec CommandSpec spec;

  private final DevflowHome home;
  private final Map<String, String> env;
  private final String version;

  public ExportCommand(DevflowHome home, Map<String, String> env, String version) {
    this.home = home;
    this.env = env;
    this.version = version;
  }

  @Override
  public Integer call() throws Exception {
    TenantSchema tenantSchema = new TenantSchema(tenant);
    Path target = output.toAbsolutePath().normalize();
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    long rows;
    try (Connection c = ControlDatabaseUrl.resolve(env, home).connect()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      if (!tenantSchema.exists(c)) {
        throw new IllegalArgumentException("there is no tenant '" + tenant + "' in this database");
      }
      try {
        rows = write(c, tenantSchema, partial);
      } catch (Exception e) {
        Files.deleteIfExists(partial);
        throw e;
      }
      c.commit();
    }
    // Only a complete file ever carries the name asked for.
    Files.move(
        partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    spec.commandLine()
        .getOut()
        .printf("Exported tenant '%s' (%d rows) to %s%n", tenant, rows, target);
    return 0;
  }

  private long write(Connection c, TenantSchema schema, Path file) throws Exception {
    long total = 0;
    try (JsonGenerator json = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
      json.writeStartObject();
      json.writeStringField("format", TransferFormat.NAME);
      json.writeNumberField("formatVersion", TransferFormat.VERSION);
      json.writeStringField("devflowVersion", version);
      json.writeStringField("exportedAt", Instant.now().toString());
      json.writeStringField("tenant", schema.slug);
      json.writeObjectFieldStart("schemaVersions");
      for (Map.Entry<String, String> v : schema.versions(c).entrySet()) {
        json.writeStringField(v.getKey(), v.getValue());
      }
      json.writeEndObject();
      json.writeArrayFieldStart("tables");
      for (String table : schema.tables(c)) {
        total += writeTable(c, schema, table, json);
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    return total;
  }

  private static long writeTable(
      Connection c, TenantSchema schema, String table, JsonGenerator json) throws Exception {
    List<String> columns = schema.columns(c, table);
    json.writeStartObject();
    json.writeStringField("name", table);
    json.writeArrayFieldStart("columns");
    for (String column : columns) {
      json.writeString(column);
    }
    json.writeEndArray();
    json.writeArrayFieldStart("rows");
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    long count = 0;
    try (PreparedStatement s = schema.rows(c, table, columns);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        String row = rs.getString(1);
        json.writeRawValue(row);
        digest.update((row + "\n").getBytes(StandardCharsets.UTF_8));
        count++;
      }
    }
    json.writeEndArray();
    json.writeNumberField("rowCount", count);
    json.writeStringField("sha256", HexFormat.of().formatHex(digest.digest()));
    json.writeEndObject();
    return count;
  }
}
