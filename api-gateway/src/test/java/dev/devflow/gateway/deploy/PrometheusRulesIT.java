package dev.devflow.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/observability/prometheus: every rule file passes {@code promtool check rules} and has a
 * {@code promtool test rules} file beside it that tests each of its rules and passes; the on-prem
 * Prometheus configuration passes {@code promtool check config}; the chart ships the same groups as
 * a PrometheusRule. Debian's promtool (package prometheus); skipped without it unless {@code
 * DEVFLOW_REQUIRE_PROMTOOL=1} (CI sets it).
 */
class PrometheusRulesIT {

  static final Path PROMETHEUS = DeployTools.repo().resolve("deploy/observability/prometheus");
  static final Path RULES = PROMETHEUS.resolve("rules");

  @TempDir Path tmp;

  @Test
  void everyRuleFilePassesPromtoolCheck() {
    DeployTools.assumeToolUnlessRequired("promtool", "prometheus", "DEVFLOW_REQUIRE_PROMTOOL");
    List<String> command = new ArrayList<>(List.of("promtool", "check", "rules"));
    ruleFiles().forEach(f -> command.add(f.getFileName().toString()));

    DeployTools.Run check = DeployTools.run(RULES, Map.of(), command.toArray(String[]::new));

    assertThat(check.exit()).as("promtool check rules: %s", check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS").doesNotContain("FAILED");
  }

  @Test
  void everyRuleFileHasUnitTestsThatPass() {
    DeployTools.assumeToolUnlessRequired("promtool", "prometheus", "DEVFLOW_REQUIRE_PROMTOOL");
    for (Path rules : ruleFiles()) {
      Path tests = testsOf(rules);
      assertThat(tests).as("promtool tests beside " + rules.getFileName()).exists();

      DeployTools.Run run =
          DeployTools.run(
              RULES, Map.of(), "promtool", "test", "rules", tests.getFileName().toString());

      assertThat(run.exit()).as("promtool test rules %s: %s", tests, run.output()).isZero();
      assertThat(run.output()).contains("SUCCESS");
    }
  }

  @Test
  void everyRuleIsExercisedByItsUnitTests() {
    for (Path rules : ruleFiles()) {
      String tests = DeployTools.read(testsOf(rules));
      for (JsonNode rule : rules(rules)) {
        if (rule.has("alert")) {
          assertThat(tests)
              .as("%s: an alert_rule_test for %s", rules.getFileName(), rule.get("alert").asText())
              .contains("alertname: " + rule.get("alert").asText() + "\n");
        } else {
          assertThat(tests)
              .as("%s: a promql_expr_test of %s", rules.getFileName(), rule.get("record").asText())
              .containsPattern(
                  "(?m)^\\s*- expr: .*"
                      + java.util.regex.Pattern.quote(rule.get("record").asText()));
        }
      }
    }
  }

  @Test
  void aRuleThatNoLongerDoesWhatItsTestSaysFailsTheTest() throws IOException {
    DeployTools.assumeToolUnlessRequired("promtool", "prometheus", "DEVFLOW_REQUIRE_PROMTOOL");
    Path rules = RULES.resolve("devflow-symptoms.rules.yml");
    Files.writeString(
        tmp.resolve(rules.getFileName()),
        DeployTools.read(rules)
            .replace(
                "devflow:agents_failed:ratio_rate30m > 0.5",
                "devflow:agents_failed:ratio_rate30m > 0.9"));
    Files.copy(testsOf(rules), tmp.resolve(testsOf(rules).getFileName()));

    DeployTools.Run run =
        DeployTools.run(
            tmp, Map.of(), "promtool", "test", "rules", "devflow-symptoms.rules.test.yml");

    assertThat(run.exit()).isNotZero();
    assertThat(run.output()).contains("DevflowAgentsFailing");
  }

  @Test
  void onPremPrometheusConfigurationLoadsTheRules() {
    DeployTools.assumeToolUnlessRequired("promtool", "prometheus", "DEVFLOW_REQUIRE_PROMTOOL");

    DeployTools.Run check =
        DeployTools.run(PROMETHEUS, Map.of(), "promtool", "check", "config", "prometheus.yml");

    assertThat(check.exit()).as("promtool check config: %s", check.output()).isZero();
    assertThat(check.output()).contains(ruleFiles().size() + " rule files found");
    String config = DeployTools.read(PROMETHEUS.resolve("prometheus.yml"));
    for (String service : DeployTools.SERVICES) {
      assertThat(config).contains("job_name: " + service + "\n");
    }
  }

  @Test
  void onPremAlertmanagerConfigurationPassesAmtool() {
    DeployTools.assumeToolUnlessRequired(
        "amtool", "prometheus-alertmanager", "DEVFLOW_REQUIRE_PROMTOOL");
    Path config = PROMETHEUS.resolveSibling("alertmanager/alertmanager.yml");

    DeployTools.Run check =
        DeployTools.run(config.getParent(), Map.of(), "amtool", "check-config", "alertmanager.yml");

    assertThat(check.exit()).as("amtool check-config: %s", check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS");
  }

  @Test
  void theChartShipsTheSameGroupsAsAPrometheusRuleWhenAsked() {
    RenderedChart saas = RenderedChart.of("values-saas.yaml", tmp.resolve("saas"));
    JsonNode rule = saas.named("PrometheusRule", "devflow-rules");

    ArrayNode expected = JsonNodeFactory.instance.arrayNode();
    for (Path file : ruleFiles()) {
      DeployTools.parseYaml(DeployTools.read(file)).get(0).get("groups").forEach(expected::add);
    }
    assertThat(rule.at("/spec/groups")).isEqualTo(expected);
    assertThat(rule.at("/spec/groups").size()).isGreaterThanOrEqualTo(5);
    // Jobs are named after the services, as the rules and dashboards expect.
    for (JsonNode monitor : saas.kind("ServiceMonitor")) {
      assertThat(monitor.at("/spec/jobLabel").asText()).isEqualTo("app.kubernetes.io/name");
    }

    RenderedChart defaults = RenderedChart.of(null, tmp.resolve("defaults"));
    assertThat(defaults.kind("PrometheusRule")).as("off by default").isEmpty();
  }

  @Test
  void helmReadsTheRulesThroughTheChartsLinkToDeployObservability() {
    assertThat(Files.isSymbolicLink(RenderedChart.chart().resolve("files/observability"))).isTrue();

    String yaml =
        new Helm(RenderedChart.chart())
            .template()
            .withName("devflow")
            .set("prometheusRule.enabled", "true")
            .set("grafanaDashboards.enabled", "true")
            .call();

    assertThat(yaml).contains("kind: PrometheusRule", "alert: DevflowServiceDown");
    assertThat(yaml).contains("grafana_dashboard: \"1\"", "devflow-overview.json");
  }

  static List<Path> ruleFiles() {
    try (Stream<Path> files = Files.list(RULES)) {
      List<Path> rules =
          files.filter(f -> f.getFileName().toString().endsWith(".rules.yml")).sorted().toList();
      assertThat(rules).isNotEmpty();
      return rules;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every rule of a rule file, over all its groups. */
  static List<JsonNode> rules(Path file) {
    List<JsonNode> rules = new ArrayList<>();
    for (JsonNode group : DeployTools.parseYaml(DeployTools.read(file)).get(0).get("groups")) {
      group.get("rules").forEach(rules::add);
    }
    return rules;
  }

  private static Path testsOf(Path rules) {
    String name = rules.getFileName().toString();
    return rules.resolveSibling(name.replace(".rules.yml", ".rules.test.yml"));
  }
}
