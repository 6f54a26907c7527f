package dev.devflow.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devflow.common.testing.ObservedMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/observability/grafana: every dashboard parses, every panel queries Prometheus through the
 * dashboard's data source variable, every query is valid PromQL (promtool) and reads only metrics a
 * recording rule of the repository produces or a service's checked list holds (each list is held
 * against a real scrape by that service's contract test); the chart ships them as ConfigMaps for
 * Grafana's sidecar, and on-prem as provisioning files.
 */
class GrafanaDashboardsIT {

  static final Path OBSERVABILITY = DeployTools.repo().resolve("deploy/observability");
  static final Path DASHBOARDS = OBSERVABILITY.resolve("grafana/dashboards");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w:.$])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");
  private static final Set<String> KEYWORDS =
      Set.of(
          ("and or unless by without on ignoring group_left group_right bool offset inf nan"
                  // aggregations, when "by (...)" stands between them and their parenthesis
                  + " sum min max avg group count stddev stdvar topk bottomk quantile count_values")
              .split(" "));

  /** Series Prometheus makes itself. */
  private static final Set<String> PROMETHEUS_OWN = Set.of("up");

  @TempDir Path tmp;

  @Test
  void thereIsAnOverviewADashboardPerServiceAndOnePerSlo() {
    Set<String> uids = new TreeSet<>();
    dashboards().forEach((file, dashboard) -> uids.add(dashboard.path("uid").asText()));

    assertThat(uids)
        .as("one dashboard per file, each its own uid")
        .hasSize(dashboards().size())
        .contains("devflow-overview", "devflow-slo-availability", "devflow-slo-latency");
    for (String service : DeployTools.SERVICES) {
      assertThat(uids).contains("devflow-" + service);
    }
  }

  @Test
  void everyPanelQueriesPrometheusThroughTheDataSourceVariable() {
    dashboards()
        .forEach(
            (file, dashboard) -> {
              assertThat(dashboard.path("title").asText()).as(file).startsWith("DevFlow / ");
              assertThat(dashboard.at("/templating/list/0/type").asText()).isEqualTo("datasource");
              assertThat(dashboard.path("panels")).as(file).isNotEmpty();
              for (JsonNode panel : dashboard.path("panels")) {
                String where = file + ": " + panel.path("title").asText();
                assertThat(panel.at("/datasource/uid").asText())
                    .as(where)
                    .isEqualTo("${datasource}");
                assertThat(panel.path("targets")).as(where).isNotEmpty();
                for (JsonNode target : panel.path("targets")) {
                  assertThat(target.path("expr").asText()).as(where).isNotBlank();
                }
              }
            });
  }

  @Test
  void everyQueryIsValidPromQl() throws IOException {
    DeployTools.assumeToolUnlessRequired("promtool", "prometheus", "DEVFLOW_REQUIRE_PROMTOOL");
    // promtool parses rule expressions: each query becomes a recording rule of a throwaway file.
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
    int n = 0;
    for (String expr : queries().keySet()) {
      rules.append("      - record: dashboard:query:").append(n++).append('\n');
      rules.append("        expr: ").append(JSON.writeValueAsString(expr)).append('\n');
    }
    Files.writeString(tmp.resolve("queries.yml"), rules);

    DeployTools.Run check =
        DeployTools.run(tmp, Map.of(), "promtool", "check", "rules", "queries.yml");

    assertThat(check.exit()).as("promtool check rules: %s", check.output()).isZero();
  }

  @Test
  void everyQueryAndRuleReadsOnlyMetricsThatExist() {
    Set<String> known = new TreeSet<>(PROMETHEUS_OWN);
    known.addAll(recordedNames());
    for (String service : DeployTools.SERVICES) {
      known.addAll(ObservedMetrics.read(ObservedMetrics.listOf(service)));
    }
    Map<String, String> reads = new LinkedHashMap<>(queries());
    for (Path rules : PrometheusRulesIT.ruleFiles()) {
      for (JsonNode rule : PrometheusRulesIT.rules(rules)) {
        reads.put(rule.get("expr").asText(), rules.getFileName().toString());
      }
    }

    reads.forEach(
        (expr, where) ->
            assertThat(known)
                .as(
                    "metrics of %s in %s (not recorded by a rule, nor in a checked list)",
                    expr, where)
                .containsAll(metricNames(expr)));
    assertThat(metricNames("sum by (plan, le) (rate(a_b_bucket{x=\"y\"}[5m])) / on (plan) c:d"))
        .containsExactlyInAnyOrder("a_b_bucket", "c:d");
    assertThat(metricNames("max by (uri) (m_max{job=\"a\"}) or vector(0) > bool 1e3"))
        .containsExactly("m_max");
  }

  @Test
  void theChartShipsEachDashboardAsAConfigMapForGrafanasSidecarWhenAsked() throws IOException {
    RenderedChart saas = RenderedChart.of("values-saas.yaml", tmp.resolve("saas"));
    List<JsonNode> maps =
        saas.kind("ConfigMap").stream()
            .filter(m -> m.at("/metadata/labels/grafana_dashboard").asText().equals("1"))
            .toList();

    assertThat(maps).hasSize(dashboards().size());
    for (JsonNode map : maps) {
      String file = map.path("data").fieldNames().next();
      assertThat(JSON.readTree(map.path("data").path(file).asText()))
          .isEqualTo(dashboards().get(file));
      assertThat(map.at("/metadata/annotations/grafana_folder").asText()).isEqualTo("DevFlow");
    }

    Path profile = tmp.resolve("own-label.yaml");
    Files.writeString(
        profile,
        "grafanaDashboards: {enabled: true, label: example.com/dashboard, labelValue: devflow}\n");
    RenderedChart own = RenderedChart.of(profile.toString(), tmp.resolve("own"));
    assertThat(own.kind("ConfigMap"))
        .filteredOn(m -> m.at("/metadata/labels").has("example.com/dashboard"))
        .hasSize(dashboards().size())
        .allSatisfy(
            m ->
                assertThat(m.at("/metadata/labels").path("example.com/dashboard").asText())
                    .isEqualTo("devflow"));

    RenderedChart defaults = RenderedChart.of(null, tmp.resolve("defaults"));
    assertThat(defaults.kind("ConfigMap"))
        .as("off by default")
        .noneMatch(m -> m.at("/metadata/labels").has("grafana_dashboard"));
  }

  @Test
  void onPremProvisioningLoadsTheDashboardsFromPrometheus() {
    Path provisioning = OBSERVABILITY.resolve("grafana/provisioning");
    JsonNode datasources =
        DeployTools.parseYaml(DeployTools.read(provisioning.resolve("datasources/devflow.yml")))
            .get(0);
    JsonNode providers =
        DeployTools.parseYaml(DeployTools.read(provisioning.resolve("dashboards/devflow.yml")))
            .get(0);
    String compose = DeployTools.read(OBSERVABILITY.resolve("docker-compose.monitoring.yml"));

    assertThat(datasources.at("/datasources/0/type").asText()).isEqualTo("prometheus");
    assertThat(datasources.at("/datasources/0/url").asText()).isEqualTo("http://prometheus:9090");
    String path = providers.at("/providers/0/options/path").asText();
    assertThat(compose)
        .contains("./deploy/observability/grafana/dashboards:" + path + ":ro")
        .contains("./deploy/observability/grafana/provisioning:/etc/grafana/provisioning:ro")
        .contains("./deploy/observability/prometheus:/etc/prometheus:ro");
  }

  @Test
  void theMonitoringOverrideComposesWithTheOnPremFile() throws IOException {
    DeployTools.assumeTool("docker-compose", "docker-compose");
    // Every variable the two files require (${VAR:?...}), set, and nothing else.
    StringBuilder env = new StringBuilder();
    for (String file :
        List.of(
            "docker-compose.onprem.yml", "deploy/observability/docker-compose.monitoring.yml")) {
      Matcher required =
          Pattern.compile("\\$\\{([A-Z0-9_]+):\\?")
              .matcher(DeployTools.read(DeployTools.repo().resolve(file)));
      while (required.find()) {
        env.append(required.group(1)).append("=test-value\n");
      }
    }
    Path envFile = tmp.resolve("env");
    Files.writeString(envFile, env);

    DeployTools.Run config =
        DeployTools.run(
            DeployTools.repo(),
            Map.of(),
            "docker-compose",
            "-p",
            "devflow",
            "--env-file",
            envFile.toString(),
            "-f",
            "docker-compose.onprem.yml",
            "-f",
            "deploy/observability/docker-compose.monitoring.yml",
            "config");

    assertThat(config.exit()).as("docker-compose config: %s", config.output()).isZero();
    JsonNode services = DeployTools.parseYaml(config.output()).get(0).path("services");
    for (String service : List.of("prometheus", "alertmanager", "grafana")) {
      assertThat(services.path(service).path("networks").has("devflow-internal"))
          .as(service + " on the services' network")
          .isTrue();
    }
    assertThat(services.path("prometheus").path("ports").isMissingNode()).isTrue();
    assertThat(services.at("/grafana/ports/0").toString()).contains("127.0.0.1");
  }

  /** Every dashboard by file name. */
  static Map<String, JsonNode> dashboards() {
    Map<String, JsonNode> dashboards = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(DASHBOARDS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        dashboards.put(file.getFileName().toString(), JSON.readTree(file.toFile()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(dashboards).isNotEmpty();
    return dashboards;
  }

  /** Every panel query, with where it is. */
  static Map<String, String> queries() {
    Map<String, String> queries = new LinkedHashMap<>();
    dashboards()
        .forEach(
            (file, dashboard) -> {
              for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                  queries.putIfAbsent(
                      target.path("expr").asText(), file + ": " + panel.path("title").asText());
                }
              }
            });
    return queries;
  }

  private static Set<String> recordedNames() {
    Set<String> names = new TreeSet<>();
    for (Path rules : PrometheusRulesIT.ruleFiles()) {
      for (JsonNode rule : PrometheusRulesIT.rules(rules)) {
        if (rule.has("record")) {
          names.add(rule.get("record").asText());
        }
      }
    }
    return names;
  }

  /** The metric names a PromQL expression selects (functions, keywords and labels left out). */
  static Set<String> metricNames(String expr) {
    String bare =
        expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
            .replaceAll("\\{[^}]*\\}", " ")
            .replaceAll("\\[[^]]*\\]", " ")
            .replaceAll(
                "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " $1 ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(bare);
    List<String> found = new ArrayList<>();
    while (m.find()) {
      found.add(m.group(1));
    }
    for (String name : found) {
      if (!KEYWORDS.contains(name.toLowerCase())) {
        names.add(name);
      }
    }
    return names;
  }
}
