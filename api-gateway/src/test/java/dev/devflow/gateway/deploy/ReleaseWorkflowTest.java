package dev.devflow.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The GitHub workflows, which cannot run here: the release publishes every image under its pinned
 * version (never latest) from files that exist, and lints every chart profile; CI runs .ci/run.
 */
class ReleaseWorkflowTest {

  private static JsonNode workflow(String name) throws IOException {
    Path file = DeployTools.repo().resolve(".github/workflows").resolve(name);
    return DeployTools.parseYaml(Files.readString(file)).get(0);
  }

  @Test
  void aVersionTagPublishesEveryImageUnderThatVersionAndNeverLatest() throws IOException {
    JsonNode release = workflow("release.yml");
    // YAML 1.1 reads the key "on" as true.
    JsonNode trigger = release.has("on") ? release.path("on") : release.path("true");
    assertThat(trigger.at("/push/tags/0").asText()).isEqualTo("v*.*.*");
    assertThat(trigger.at("/push/branches").isMissingNode()).isTrue();

    JsonNode images = release.at("/jobs/images");
    List<String> services = new ArrayList<>();
    images.at("/strategy/matrix/service").forEach(s -> services.add(s.asText()));
    assertThat(services).containsExactlyInAnyOrderElementsOf(DeployTools.SERVICES);
    for (String service : services) {
      assertThat(DeployTools.repo().resolve(service + "/src/main/docker/Dockerfile.jvm"))
          .isRegularFile();
    }
    assertThat(DeployTools.repo().resolve("web-dashboard/docker/Dockerfile")).isRegularFile();

    List<String> tags = new ArrayList<>();
    release.path("jobs").forEach(job -> job.path("steps").forEach(step -> collectTags(step, tags)));
    assertThat(tags).hasSize(2);
    assertThat(tags)
        .allSatisfy(
            tag ->
                assertThat(tag)
                    .contains("/devflow/")
                    .endsWith(":${{ needs.version.outputs.version }}")
                    .doesNotContainIgnoringCase("latest"));
  }

  @Test
  void theChartIsLintedWithEveryValuesProfileBeforeItIsPushed() throws IOException {
    String script = workflow("release.yml").at("/jobs/chart").toString();
    try (Stream<Path> files = Files.list(DeployTools.repo().resolve("helm/devflow"))) {
      List<String> profiles =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.matches("values.*\\.yaml"))
              .toList();
      assertThat(profiles).hasSizeGreaterThanOrEqualTo(4);
      profiles.forEach(profile -> assertThat(script).contains(profile));
    }
    assertThat(script)
        .contains("helm lint --strict")
        .contains("helm package")
        .contains("helm push");
  }

  @Test
  void continuousIntegrationRunsTheSameScriptAsHere() throws IOException {
    assertThat(workflow("ci.yml").at("/jobs/verify").toString()).contains("bash .ci/run");
  }

  private static void collectTags(JsonNode step, List<String> tags) {
    JsonNode tag = step.at("/with/tags");
    if (!tag.isMissingNode()) {
      tags.add(tag.asText());
    }
  }
}
