package dev.devflow.cli.transfer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.devflow.cli.home.ControlDatabaseUrl;
import dev.devflow.cli.home.DevflowHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code devflow import}: writes a {@code devflow export} file into a fresh tenant, all or nothing.
 * The tenant must exist here (its schema migrated to the same versions as the export's) and hold no
 * data yet; every table's row count and checksum are checked against the file before the one
 * transaction commits.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = "Import a file made by 'devflow export' into a fresh tenant.")
public final class ImportCommand implements Callable<Integer> {

  @Option(names = "--input", required = true, description = "The export file to read.")
  Path input;

  @Option(
      names = "--tenant",
      defaultValue = "local",
      description =
          "The tenant to fill (default: local). Create it first ('devflow create-tenant');"
              + " it must hold no data yet.")
  String tenant;

  @Spec CommandSpec spec;

  private final DevflowHome home;
  private final Map<String, String> env;

  public ImportCommand(DevflowHome home, Map<String, String> env) {
    this.home = home;
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    TenantSchema schema = new TenantSchema(tenant);
    if (!Files.isRegularFile(input)) {
      throw new IllegalArgumentException("--input: no such file: " + input);
    }
    ObjectMapper mapper =
        new ObjectMapper()
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    TableWriter.Summary summary;
    try (JsonParser json = mapper.getFactory().createParser(input.toFile());
        Connection c = ControlDatabaseUrl.resolve(env, home).connect()) {
      c.setAutoCommit(false);
      try {
        summary = read(json, c, schema);
        c.commit();
      } catch (Exception e) {
        c.rollback();
        throw e;
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          input
              + " is not a readable export (line "
              + e.getLocation().getLineNr()
              + "): "
              + e.getOriginalMessage());
    }
    spec.commandLine()
        .getOut()
        .printf(
            "Imported %d rows in %d tables into tenant '%s'; every table's count and checksum"
                + " match the export.%n"
                + "Running knowledge hubs index the imported documents within seconds; a full"
                + " rebuild: POST /api/v1/admin/index/rebuild as the tenant's admin.%n",
            summary.rows(), summary.tables(), tenant);
    return 0;
  }

  private static TableWriter.Summary read(JsonParser json, Connection c, TenantSchema schema)
      throws Exception {
    expect(json.nextToken() == JsonToken.START_OBJECT, "it does not start with a JSON object");
    Header header = new Header();
    TableWriter writer = null;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      json.nextToken();
      if (field.equals("tables")) {
        header.check();
        writer = TableWriter.open(c, schema, header.versions);
        expect(json.currentToken() == JsonToken.START_ARRAY, "'tables' is not an array");
        while (json.nextToken() == JsonToken.START_OBJECT) {
          writer.table(json);
        }
      } else {
        header.read(field, json.readValueAsTree());
      }
    }
    expect(writer != null, "it has no 'tables'");
    return writer.finish();
  }

  static void expect(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalArgumentException("not a DevFlow export: " + problem);
    }
  }

  /** The fields before the tables, checked before anything is written. */
  private static final class Header {
    String format;
    int formatVersion;
    JsonNode versions;

    void read(String field, JsonNode value) {
      switch (field) {
        case "format" -> format = value.asText();
        case "formatVersion" -> formatVersion = value.asInt();
        case "schemaVersions" -> versions = value;
        default -> {
          // devflowVersion, exportedAt, tenant: for people reading the file
        }
      }
    }

    void check() {
      expect(TransferFormat.NAME.equals(format), "its format is not '" + TransferFormat.NAME + "'");
      if (formatVersion != TransferFormat.VERSION) {
        throw new IllegalArgumentException(
            "the export has format version "
                + formatVersion
                + "; this devflow reads version "
                + TransferFormat.VERSION
                + " (use the same DevFlow release on both sides)");
      }
      expect(versions != null && versions.isObject(), "'schemaVersions' must come before 'tables'");
    }
  }
}
