package dev.devflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboard as the SaaS and on-prem serve it, in Chromium: sign-in with an API key, the tenant
 * and role shown, an API key created (its secret shown once) and revoked (and then refused), and a
 * viewer who gets no write controls. Runs against a SaaS-mode api-gateway on the stack's database.
 */
@ExtendWith(WithDevflowStack.class)
class DashboardSaasE2EIT {

  @Test
  void signInKeysAndRolesWorkInARealBrowser() throws Exception {
    DevflowStack stack = DevflowStack.get();
    Path target = Path.of(System.getProperty("e2e.screenshots", "target/screenshots")).getParent();
    try (SaasGateway saas = SaasGateway.start(stack, target.resolve("logs"))) {
      String admin = saas.aTenant(stack, "e2e_saas");
      String viewer = saas.aUser(admin, "viewer@e2e-saas.test", "viewer");
      Commands.Result result =
          Node.run(
              "dashboard/saas.e2e.mjs",
              Map.of(
                  "SAAS_URL",
                  saas.baseUrl(),
                  "ADMIN_KEY",
                  admin,
                  "VIEWER_KEY",
                  viewer,
                  "TENANT",
                  "e2e_saas",
                  "SCREENSHOTS",
                  target.resolve("screenshots").toString(),
                  "CHROMIUM",
                  Browser.chromium()),
              Duration.ofSeconds(90));
      assertThat(result.exitCode()).as("saas dashboard e2e script\n%s", result.output()).isZero();
      assertThat(result.output()).contains("saas dashboard e2e: 4 steps passed");
      assertThat(result.output()).doesNotContain(admin).doesNotContain(viewer);
    }
  }
}
