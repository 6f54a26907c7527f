package dev.devflow.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** helm/devflow, linted and rendered by real Helm (helm-java) for every values profile. */
class HelmChartIT {

  private static final Map<String, Integer> SAAS_REPLICAS =
      Map.of(
          "knowledge-hub", 3,
          "workflow-engine", 5,
          "mcp-gateway", 3,
          "integration-services", 2,
          "api-gateway", 2);

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"", "values-saas.yaml", "values-dedicated.yaml", "values-minimal.yaml"})
  void everyProfileLintsRendersAndKeepsTheInvariants(String profile) {
    RenderedChart chart = RenderedChart.of(profile.isEmpty() ? null : profile, tmp);

    assertThat(chart.kind("Deployment")).hasSize(5);
    for (String service : DeployTools.SERVICES) {
      assertHardened(chart.named("Deployment", "devflow-" + service));
    }
    assertOnlyTheGatewayIsExposed(chart);
    assertDefaultDenyWithExplicitEdges(chart);
    assertNoSecretValues(chart);
    assertMigrationsRunOncePerRelease(chart);
  }

  @Test
  void saasRunsTheSpecsReplicasWithAutoscalersAndDisruptionBudgets() {
    RenderedChart chart = RenderedChart.of("values-saas.yaml", tmp);

    SAAS_REPLICAS.forEach(
        (service, replicas) -> {
          JsonNode hpa = chart.named("HorizontalPodAutoscaler", "devflow-" + service);
          assertThat(hpa.at("/spec/minReplicas").asInt()).as(service).isEqualTo(replicas);
          assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo("devflow-" + service);
          JsonNode pdb = chart.named("PodDisruptionBudget", "devflow-" + service);
          assertThat(pdb.at("/spec/minAvailable").asInt()).isPositive().isLessThan(replicas);
        });
    assertThat(chart.kind("ServiceMonitor")).hasSize(5);
    assertThat(chart.kind("ServiceMonitor").get(0).at("/spec/endpoints/0/path").asText())
        .isEqualTo("/q/metrics");
    assertThat(
            env(chart.named("Deployment", "devflow-api-gateway"), "DEVFLOW_MODE")
                .path("value")
                .asText())
        .isEqualTo("saas");
    JsonNode integrations = chart.named("Deployment", "devflow-integration-services");
    assertThat(env(integrations, "DEVFLOW_PUBLIC_URL").path("value").asText())
        .startsWith("https://");
    assertThat(env(integrations, "KNOWLEDGE_HUB_URL").path("value").asText())
        .contains("knowledge-hub");
    assertThat(
            env(integrations, "DEVFLOW_JWT_PRIVATE_KEY")
                .at("/valueFrom/secretKeyRef/name")
                .asText())
        .isNotEmpty();
  }

  @Test
  void minimalRunsOneReplicaOfEverythingWithoutAutoscalers() {
    RenderedChart chart = RenderedChart.of("values-minimal.yaml", tmp);

    for (String service : DeployTools.SERVICES) {
      assertThat(chart.named("Deployment", "devflow-" + service).at("/spec/replicas").asInt())
          .as(service)
          .isEqualTo(1);
    }
    assertThat(chart.kind("HorizontalPodAutoscaler")).isEmpty();
    assertThat(chart.kind("PodDisruptionBudget")).isEmpty();
    assertThat(chart.kind("ServiceMonitor")).isEmpty();
  }

  @Test
  void knowledgeHubSearchesQdrantOnlyWhenItsUrlIsSet() throws Exception {
    JsonNode lucene =
        RenderedChart.of(null, Files.createDirectories(tmp.resolve("lucene")))
            .named("Deployment", "devflow-knowledge-hub");
    assertThat(env(lucene, "QDRANT_URL").isMissingNode()).isTrue();
    assertThat(env(lucene, "QDRANT_API_KEY").isMissingNode()).isTrue();

    Path values = tmp.resolve("qdrant-values.yaml");
    Files.writeString(
        values,
        """
        qdrant:
          url: https://qdrant.example:6333
        secrets:
          qdrant:
            existingSecret: devflow-qdrant
            key: api-key
        """);
    RenderedChart chart =
        RenderedChart.of(values.toString(), Files.createDirectories(tmp.resolve("qdrant")));
    JsonNode hub = chart.named("Deployment", "devflow-knowledge-hub");
    assertThat(env(hub, "QDRANT_URL").path("value").asText())
        .isEqualTo("https://qdrant.example:6333");
    assertThat(env(hub, "QDRANT_GRPC_PORT").path("value").asText()).isEqualTo("6334");
    assertThat(env(hub, "QDRANT_API_KEY").at("/valueFrom/secretKeyRef/name").asText())
        .isEqualTo("devflow-qdrant");
    assertThat(env(hub, "QDRANT_API_KEY").at("/valueFrom/secretKeyRef/key").asText())
        .isEqualTo("api-key");
    assertThat(
            env(chart.named("Deployment", "devflow-workflow-engine"), "QDRANT_URL").isMissingNode())
        .isTrue();
    assertNoSecretValues(chart);
  }

  @Test
  void dedicatedRunsInDedicatedModeWithHighAvailability() {
    RenderedChart chart = RenderedChart.of("values-dedicated.yaml", tmp);

    assertThat(
            env(chart.named("Deployment", "devflow-workflow-engine"), "DEVFLOW_MODE")
                .path("value")
                .asText())
        .isEqualTo("dedicated");
    assertThat(
            chart
                .named("HorizontalPodAutoscaler", "devflow-api-gateway")
                .at("/spec/minReplicas")
                .asInt())
        .isGreaterThanOrEqualTo(2);
    assertThat(chart.kind("PodDisruptionBudget")).hasSize(4);
  }

  @Test
  void imagesArePinnedToTheChartAppVersion() throws Exception {
    RenderedChart chart = RenderedChart.of(null, tmp);
    String appVersion =
        Files.readAllLines(RenderedChart.chart().resolve("Chart.yaml")).stream()
            .filter(l -> l.startsWith("appVersion:"))
            .findFirst()
            .orElseThrow()
            .replaceAll("appVersion:\\s*\"?([^\"]+)\"?", "$1");

    List<String> images = new ArrayList<>();
    chart.docs.forEach(doc -> doc.findValues("image").forEach(i -> images.add(i.asText())));
    assertThat(images)
        .isNotEmpty()
        .allSatisfy(image -> assertThat(image).endsWith(":" + appVersion));
    assertThat(chart.yaml).doesNotContain(":latest");
  }

  @Test
  void theSchemaRefusesWrongTypesUnknownKeysAndLatest() throws Exception {
    assertRefused("services:\n  knowledgeHub:\n    replicaCount: \"three\"\n", "replicaCount");
    assertRefused("replicaCount: 3\n", "replicaCount");
    assertRefused("services:\n  apiGateway:\n    autoscalling: {enabled: true}\n", "autoscalling");
    assertRefused("global:\n  image:\n    tag: latest\n", "tag");
    assertRefused("global:\n  mode: local\n", "mode");
    assertRefused("secrets:\n  database:\n    existingSecret: \"\"\n", "existingSecret");
  }

  private void assertRefused(String values, String field) throws Exception {
    Path file = Files.writeString(tmp.resolve("bad-" + System.nanoTime() + ".yaml"), values);
    assertThatThrownBy(
            () ->
                new Helm(RenderedChart.chart())
                    .template()
                    .withName("devflow")
                    .withValuesFile(file)
                    .call())
        .as("values %s", values)
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(field);
  }

  private static void assertHardened(JsonNode deployment) {
    String name = deployment.at("/metadata/name").asText();
    JsonNode pod = deployment.at("/spec/template/spec");
    JsonNode container = pod.at("/containers/0");
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(name).isTrue();
    assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    assertThat(pod.at("/automountServiceAccountToken").asBoolean(true)).isFalse();
    JsonNode security = container.path("securityContext");
    assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as(name).isTrue();
    assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).as(name).isFalse();
    assertThat(security.at("/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
    List<String> mounts = new ArrayList<>();
    container.path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText()));
    assertThat(mounts).as(name).contains("/tmp");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
    assertThat(container.at("/resources/limits/memory").asText()).as(name).isNotEmpty();
    assertThat(
            env(deployment, "DEVFLOW_JWT_PUBLIC_KEY").at("/valueFrom/secretKeyRef/name").asText())
        .isNotEmpty();
    JsonNode database = env(deployment, "DATABASE_URL");
    if (name.endsWith("mcp-gateway")) {
      assertThat(database.isMissingNode()).as("mcp-gateway has no database").isTrue();
    } else {
      assertThat(database.at("/valueFrom/secretKeyRef/name").asText())
          .as(name)
          .isEqualTo("devflow-database");
    }
  }

  private static void assertOnlyTheGatewayIsExposed(RenderedChart chart) {
    List<JsonNode> ingresses = chart.kind("Ingress");
    assertThat(ingresses).hasSize(1);
    JsonNode ingress = ingresses.get(0);
    assertThat(ingress.at("/spec/ingressClassName").asText()).isNotEmpty();
    assertThat(ingress.at("/spec/tls/0/secretName").asText()).isNotEmpty();
    assertThat(ingress.findValues("service"))
        .isNotEmpty()
        .allSatisfy(s -> assertThat(s.path("name").asText()).isEqualTo("devflow-api-gateway"));
    assertThat(chart.kind("Service"))
        .allSatisfy(s -> assertThat(s.at("/spec/type").asText()).isEqualTo("ClusterIP"));
  }

  private static void assertDefaultDenyWithExplicitEdges(RenderedChart chart) {
    JsonNode deny = chart.named("NetworkPolicy", "devflow-default-deny");
    assertThat(deny.at("/spec/policyTypes").toString()).isEqualTo("[\"Ingress\",\"Egress\"]");
    assertThat(deny.at("/spec/ingress").isMissingNode()).isTrue();
    assertThat(deny.at("/spec/egress").isMissingNode()).isTrue();
    assertThat(deny.at("/spec/podSelector/matchLabels/app.kubernetes.io~1part-of").asText())
        .isEqualTo("devflow");

    for (String service : DeployTools.SERVICES) {
      JsonNode policy = chart.named("NetworkPolicy", "devflow-" + service);
      String fromNamespaces = policy.at("/spec/ingress").findValues("namespaceSelector").toString();
      if ("api-gateway".equals(service)) {
        assertThat(fromNamespaces)
            .as("ingress controller reaches the gateway")
            .contains("ingress-nginx");
      } else {
        assertThat(fromNamespaces)
            .as(service + " is not reachable from the ingress")
            .doesNotContain("ingress-nginx");
      }
      String egress = policy.at("/spec/egress").toString();
      assertThat(egress.contains("\"port\":5432"))
          .as(service + " reaches PostgreSQL")
          .isEqualTo(!"mcp-gateway".equals(service));
    }
    assertThat(chart.named("NetworkPolicy", "devflow-knowledge-hub").at("/spec/egress").toString())
        .contains("\"port\":6333", "\"port\":443");
    assertThat(
            chart.named("NetworkPolicy", "devflow-workflow-engine").at("/spec/egress").toString())
        .as("egress to the LLM gateway")
        .contains("\"port\":443");
    assertThat(chart.named("NetworkPolicy", "devflow-dns").at("/spec/egress/0/ports").toString())
        .contains("\"port\":53");
  }

  private static void assertNoSecretValues(RenderedChart chart) {
    assertThat(chart.kind("Secret")).isEmpty();
    for (String secretEnv :
        List.of(
            "DATABASE_URL",
            "DEVFLOW_JWT_PRIVATE_KEY",
            "DEVFLOW_JWT_PUBLIC_KEY",
            "SECRET_ENCRYPTION_KEY",
            "AOSENTRY_API_KEY")) {
      for (JsonNode doc : chart.docs) {
        for (JsonNode var : doc.findValues("env")) {
          for (JsonNode e : var) {
            if (secretEnv.equals(e.path("name").asText())) {
              assertThat(e.has("value")).as(secretEnv + " written into the chart").isFalse();
              assertThat(e.at("/valueFrom/secretKeyRef/name").asText()).isNotEmpty();
            }
          }
        }
      }
    }
    assertThat(chart.yaml).doesNotContain("postgresql://", "BEGIN PRIVATE KEY");
  }

  private static void assertMigrationsRunOncePerRelease(RenderedChart chart) {
    List<JsonNode> jobs = chart.kind("Job");
    assertThat(jobs).hasSize(1);
    JsonNode job = jobs.get(0);
    JsonNode annotations = job.at("/metadata/annotations");
    assertThat(annotations.path(RenderedChart.HOOK).asText()).isEqualTo("pre-install,pre-upgrade");
    assertThat(annotations.path(RenderedChart.HOOK + "-delete-policy").asText())
        .contains("before-hook-creation");
    assertThat(env(job.at("/spec/template"), "QUARKUS_INIT_AND_EXIT").path("value").asText())
        .isEqualTo("true");
    assertThat(
            job.at("/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem")
                .asBoolean())
        .isTrue();
    assertThat(
            env(
                    chart.named("Deployment", "devflow-api-gateway"),
                    "QUARKUS_FLYWAY_OWNER_MIGRATE_AT_START")
                .path("value")
                .asText())
        .as("pods leave migrations to the Job")
        .isEqualTo("false");
  }

  /** An env var of the first container of a Deployment (or pod template holder). */
  private static JsonNode env(JsonNode workload, String name) {
    JsonNode spec =
        workload.has("spec") && workload.path("spec").has("template")
            ? workload.at("/spec/template/spec")
            : workload.path("spec");
    for (JsonNode e : spec.at("/containers/0/env")) {
      if (name.equals(e.path("name").asText())) {
        return e;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }
}
