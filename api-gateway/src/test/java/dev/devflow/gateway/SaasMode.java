package dev.devflow.gateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The gateway as the SaaS runs it: API keys required, tenants isolated. */
public class SaasMode implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "devflow.mode",
        "saas",
        "devflow.gateway.key-cache-ttl",
        "30s",
        // A test that makes a service fail must not leave the breaker open for the next one.
        "dev.devflow.gateway.tenant.ServiceMigrationsClient/migrate/CircuitBreaker/delay",
        "100",
        "dev.devflow.gateway.tenant.ServiceMigrationsClient/migrate/Retry/delay",
        "50");
  }
}
