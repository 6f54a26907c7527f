package dev.devflow.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** helm/devflow with one values profile: linted (strict), rendered, parsed as typed objects. */
final class RenderedChart {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Map<String, Class<? extends KubernetesResource>> TYPES =
      Map.of(
          "apps/v1/Deployment", Deployment.class,
          "v1/Service", Service.class,
          "v1/ServiceAccount", ServiceAccount.class,
          "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
          "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
          "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
          "networking.k8s.io/v1/Ingress", Ingress.class,
          "batch/v1/Job", Job.class,
          "v1/ConfigMap", ConfigMap.class);

  final List<JsonNode> docs;
  final List<KubernetesResource> typed = new ArrayList<>();
  final String yaml;

  private RenderedChart(String yaml) {
    this.yaml = yaml;
    this.docs = DeployTools.parseYaml(yaml);
    for (JsonNode doc : docs) {
      String type = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
      if ("monitoring.coreos.com/v1/ServiceMonitor".equals(type)
          || "monitoring.coreos.com/v1/PrometheusRule".equals(type)) {
        continue; // a CRD: not in the core model, checked as JSON
      }
      Class<? extends KubernetesResource> cls = TYPES.get(type);
      assertThat(cls).as("unexpected object " + type).isNotNull();
      try {
        KubernetesResource object = YAML.treeToValue(doc, cls);
        assertNoUnknownFields(object, type + " " + doc.at("/metadata/name").asText());
        typed.add(object);
      } catch (IOException e) {
        throw new AssertionError(type + " does not parse: " + e.getMessage(), e);
      }
    }
  }

  static Path chart() {
    return DeployTools.repo().resolve("helm/devflow");
  }

  /**
   * Lints the chart with values.yaml merged with {@code profile} (null: defaults) and renders it.
   * helm-java's template returns the release manifest without hooks, so the copy that is rendered
   * renames the {@code helm.sh/hook} annotations to {@link #HOOK} to keep hook objects in sight.
   */
  static RenderedChart of(String profile, Path tmp) {
    Path copy = copyWithProfile(profile, tmp);
    LintResult lint = new Helm(copy).lint().strict().call();
    assertThat(lint.isFailed())
        .as("helm lint --strict %s: %s", profile, lint.getMessages())
        .isFalse();
    unhook(copy);
    return new RenderedChart(
        new Helm(copy).template().withName("devflow").withNamespace("devflow").call());
  }

  /** Where the rendered hook annotations appear (see {@link #of}). */
  static final String HOOK = "helm.sh.rendered/hook";

  private static void unhook(Path copy) {
    try (Stream<Path> files = Files.list(copy.resolve("templates"))) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String text = Files.readString(file);
        Files.writeString(file, text.replace("helm.sh/hook", HOOK));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<JsonNode> kind(String kind) {
    return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
  }

  JsonNode named(String kind, String name) {
    return kind(kind).stream()
        .filter(d -> name.equals(d.at("/metadata/name").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  /**
   * The chart copied into tmp, its values.yaml replaced by values.yaml deep-merged with the
   * profile.
   */
  private static Path copyWithProfile(String profile, Path tmp) {
    try {
      Path copy = tmp.resolve("devflow");
      // files/observability links to deploy/observability: copied as the files it points at, as
      // helm package and helm install read it.
      try (Stream<Path> files = Files.walk(chart(), FileVisitOption.FOLLOW_LINKS)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Path target = copy.resolve(chart().relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(target);
          } else {
            Files.copy(file, target);
          }
        }
      }
      if (profile != null) {
        JsonNode values = YAML.readTree(chart().resolve("values.yaml").toFile());
        merge((ObjectNode) values, YAML.readTree(chart().resolve(profile).toFile()));
        YAML.writeValue(copy.resolve("values.yaml").toFile(), values);
      }
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void merge(ObjectNode into, JsonNode from) {
    Iterator<Map.Entry<String, JsonNode>> fields = from.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      JsonNode existing = into.get(f.getKey());
      if (existing instanceof ObjectNode target && f.getValue().isObject()) {
        merge(target, f.getValue());
      } else {
        into.set(f.getKey(), f.getValue());
      }
    }
  }

  /**
   * fabric8 keeps fields it does not know in additionalProperties instead of failing; a field there
   * means a typo or a field at the wrong level in a template.
   */
  private static void assertNoUnknownFields(Object object, String where) {
    if (object == null || !object.getClass().getPackageName().startsWith("io.fabric8")) {
      if (object instanceof Collection<?> items) {
        items.forEach(item -> assertNoUnknownFields(item, where));
      }
      return;
    }
    for (Method getter : object.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(object);
      } catch (ReflectiveOperationException e) {
        continue;
      }
      if ("getAdditionalProperties".equals(getter.getName())) {
        assertThat((Map<?, ?>) value)
            .as("unknown fields in %s of %s", object.getClass().getSimpleName(), where)
            .isNullOrEmpty();
      } else if (value instanceof Collection<?>
          || (value != null
              && value.getClass().getPackageName().startsWith("io.fabric8")
              && !value.getClass().isEnum())) {
        assertNoUnknownFields(value, where);
      }
    }
  }
}
