package dev.devflow.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a service's generated Helm chart with real Helm (helm-java): {@code helm lint --strict},
 * {@code helm template}, and what the rendered Deployment must say about probes, resources,
 * security and secrets.
 */
public final class ChartAssertions {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private ChartAssertions() {}

  /** Lints (strict) and renders the chart that quarkus-helm generated for the service. */
  public static List<JsonNode> lintAndRender(String service) {
    Path chart = Path.of("target", "helm", "kubernetes", service);
    assertThat(chart.resolve("Chart.yaml")).as("generated chart").exists();
    LintResult lint = new Helm(chart).lint().strict().call();
    assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    return parse(new Helm(chart).template().withName("devflow").withNamespace("devflow").call());
  }

  /** Asserts the rendered Deployment of a service is probed, bounded and hardened. */
  public static JsonNode assertHardenedDeployment(
      List<JsonNode> rendered, String service, boolean usesDatabase) {
    JsonNode deployment =
        rendered.stream()
            .filter(doc -> "Deployment".equals(doc.path("kind").asText()))
            .filter(doc -> service.equals(doc.path("metadata").path("name").asText()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Deployment named " + service));
    JsonNode pod = deployment.path("spec").path("template").path("spec");
    JsonNode container = pod.path("containers").path(0);

    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
    for (String bound : new String[] {"/requests/cpu", "/requests/memory", "/limits/memory"}) {
      assertThat(container.at("/resources" + bound).asText()).as("resources" + bound).isNotEmpty();
    }
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
    assertThat(container.at("/securityContext/capabilities/drop/0").asText()).isEqualTo("ALL");
    assertThat(mountPaths(container)).as("writable /tmp on a read-only root").contains("/tmp");

    JsonNode databaseUrl = env(container, "DATABASE_URL");
    if (usesDatabase) {
      assertThat(databaseUrl.at("/valueFrom/secretKeyRef/name").asText())
          .as("DATABASE_URL comes from a Secret")
          .isNotEmpty();
      assertThat(databaseUrl.has("value")).as("no database URL written into the chart").isFalse();
    } else {
      assertThat(databaseUrl.isMissingNode()).isTrue();
    }
    return deployment;
  }

  private static JsonNode env(JsonNode container, String name) {
    for (JsonNode var : container.path("env")) {
      if (name.equals(var.path("name").asText())) {
        return var;
      }
    }
    return JSON.missingNode();
  }

  private static List<String> mountPaths(JsonNode container) {
    List<String> paths = new ArrayList<>();
    container.path("volumeMounts").forEach(m -> paths.add(m.path("mountPath").asText()));
    return paths;
  }

  private static List<JsonNode> parse(String yaml) {
    List<JsonNode> docs = new ArrayList<>();
    try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
      ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
      while (parser.nextToken() != null) {
        JsonNode doc = mapper.readTree(parser);
        if (doc != null && !doc.isNull()) {
          docs.add(doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("helm template produced invalid YAML", e);
    }
    return docs;
  }

  /** Reads a file the chart generated, for assertions beyond the Deployment. */
  public static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
