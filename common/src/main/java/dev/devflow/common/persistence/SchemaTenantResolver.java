package dev.devflow.common.persistence;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.common.tenant.TenantContext;
import dev.devflow.common.tenant.TenantSlug;
import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import io.quarkus.hibernate.orm.runtime.tenant.TenantResolver;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * Points Hibernate's SCHEMA multitenancy at {@code tenant_<slug>} of the current tenant. A request
 * without a tenant is refused, never silently served from another tenant's schema.
 */
@PersistenceUnitExtension
@RequestScoped
public class SchemaTenantResolver implements TenantResolver {

  private final TenantContext tenant;

  @Inject
  public SchemaTenantResolver(TenantContext tenant) {
    this.tenant = tenant;
  }

  @Override
  public String getDefaultTenantId() {
    return TenantSlug.schemaOf(TenantSlug.LOCAL);
  }

  @Override
  public String resolveTenantId() {
    return tenant
        .slug()
        .map(TenantSlug::schemaOf)
        .orElseThrow(
            () ->
                new ProblemException(
                    ProblemType.TENANT_REQUIRED,
                    "This request carries no tenant. Send it through the DevFlow api-gateway with"
                        + " an API key."));
  }
}
