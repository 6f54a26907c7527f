package dev.devflow.gateway.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Finds the repository's deployment files and runs the real tools (docker-compose, nginx). */
final class DeployTools {

  static final List<String> SERVICES =
      List.of(
          "api-gateway", "knowledge-hub", "workflow-engine", "mcp-gateway", "integration-services");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private DeployTools() {}

  /** The repository root (tests run in the api-gateway module directory). */
  static Path repo() {
    Path root = Path.of("").toAbsolutePath().getParent();
    if (!Files.exists(root.resolve("docker-compose.onprem.yml"))) {
      throw new IllegalStateException("not the DevFlow repository root: " + root);
    }
    return root;
  }

  /** Skips the test, saying what to install, when a tool is not on the PATH. */
  static void assumeTool(String tool, String debianPackage) {
    boolean found =
        List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    assumeTrue(
        found,
        () ->
            tool
                + " is not installed, so this check was skipped: apt-get install -y "
                + debianPackage);
  }

  /**
   * Skips the test when a tool is not on the PATH, unless the environment variable {@code required}
   * is 1 (CI sets it): then its absence fails the test instead of hiding it.
   */
  static void assumeToolUnlessRequired(String tool, String debianPackage, String required) {
    if ("1".equals(System.getenv(required)) && !onPath(tool)) {
      throw new AssertionError(
          tool + " is not installed and " + required + "=1: apt-get install -y " + debianPackage);
    }
    assumeTool(tool, debianPackage);
  }

  static boolean onPath(String tool) {
    return List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
  }

  /** Result of one command: exit code and combined output. */
  record Run(int exit, String output) {}

  static Run run(Path dir, Map<String, String> env, String... command) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
      builder.redirectErrorStream(true);
      builder.environment().putAll(env);
      Path out = Files.createTempFile("devflow-deploy", ".log");
      builder.redirectOutput(out.toFile());
      Process process = builder.start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("timed out: " + String.join(" ", command));
      }
      String output = Files.readString(out, StandardCharsets.UTF_8);
      Files.delete(out);
      return new Run(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path path, String content) {
    try {
      Files.writeString(path, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every document of a multi-document YAML stream. */
  static List<JsonNode> parseYaml(String yaml) {
    List<JsonNode> docs = new ArrayList<>();
    try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
      while (parser.nextToken() != null) {
        JsonNode doc = YAML.readTree(parser);
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          docs.add(doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("invalid YAML", e);
    }
    return docs;
  }
}
