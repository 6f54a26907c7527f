package dev.devflow.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code devflow create-tenant}: asks the api-gateway ({@code DEVFLOW_API_URL}) to provision a
 * tenant, as the platform administrator whose key is in {@code DEVFLOW_API_KEY}, and prints the
 * gateway's answer, which holds the tenant admin's key (shown once).
 */
@Command(
    name = "create-tenant",
    mixinStandardHelpOptions = true,
    description =
        "Provision a tenant through the api-gateway (needs DEVFLOW_API_KEY of a platform administrator).")
final class CreateTenantCommand implements Callable<Integer> {

  @Option(names = "--slug", required = true, description = "Lowercase id, e.g. acme.")
  String slug;

  @Option(names = "--name", required = true, description = "Display name.")
  String name;

  @Option(names = "--plan", defaultValue = "free", description = "free, pro, team, enterprise.")
  String plan;

  @Option(names = "--admin-email", required = true, description = "The tenant's first admin.")
  String adminEmail;

  @Spec CommandSpec spec;

  private final Map<String, String> env;

  CreateTenantCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    String key = env.get("DEVFLOW_API_KEY");
    if (key == null || key.isBlank()) {
      throw new IllegalStateException(
          "set DEVFLOW_API_KEY to a platform administrator's key (see 'devflow create-admin')");
    }
    String api = env.getOrDefault("DEVFLOW_API_URL", "http://localhost:8080").replaceAll("/+$", "");
    String body =
        "{\"slug\":"
            + quote(slug)
            + ",\"name\":"
            + quote(name)
            + ",\"plan\":"
            + quote(plan)
            + ",\"adminEmail\":"
            + quote(adminEmail)
            + "}";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(api + "/api/v1/tenants"))
            .timeout(Duration.ofMinutes(2))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .build()
            .send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          "the gateway answered " + response.statusCode() + ": " + response.body());
    }
    spec.commandLine().getOut().println(response.body());
    return 0;
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
