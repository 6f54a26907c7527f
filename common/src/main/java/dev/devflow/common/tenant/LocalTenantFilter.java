package dev.devflow.common.tenant;

import dev.devflow.common.config.DevflowConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * In local mode every request acts for tenant {@code local}, with no login, as the spec asks. In
 * the multi-tenant modes the tenant comes from the gateway's signed token, not from this filter.
 */
public class LocalTenantFilter {

  private final DevflowConfig config;
  private final TenantContext tenant;

  @Inject
  public LocalTenantFilter(DevflowConfig config, TenantContext tenant) {
    this.config = config;
    this.tenant = tenant;
  }

  @ServerRequestFilter(priority = 2000)
  public void bindLocalTenant(ContainerRequestContext request) {
    if (!config.deploymentMode().isMultiTenant() && tenant.slug().isEmpty()) {
      tenant.set(TenantSlug.LOCAL);
    }
  }
}
