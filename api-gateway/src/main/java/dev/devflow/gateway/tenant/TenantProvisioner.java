package dev.devflow.gateway.tenant;

import dev.devflow.common.auth.Role;
import dev.devflow.common.persistence.TenantMigrator;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.gateway.account.AccountRepository;
import dev.devflow.gateway.account.ApiKey;
import dev.devflow.gateway.account.User;
import dev.devflow.gateway.auth.ApiKeySecret;
import dev.devflow.gateway.db.ControlDatabase;
import dev.devflow.gateway.plan.Plans;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Creates a tenant: the control row, its schema, every service's migrations in it, and its first
 * admin with an API key. Each step is idempotent, so a provisioning that crashed half way is
 * finished by simply asking again; the tenant only turns {@code active} at the end.
 */
@ApplicationScoped
public class TenantProvisioner {

  /** Name of the key handed out at provisioning. */
  static final String INITIAL_KEY = "initial admin key";

  /** A provisioned tenant and its first key, whose secret is shown this once. */
  public record Provisioned(Tenant tenant, User admin, ApiKey key, String secret) {}

  private final ControlDatabase db;
  private final TenantRepository tenants;
  private final AccountRepository accounts;
  private final TenantMigrator migrator;
  private final ServiceMigrations services;
  private final Plans plans;

  @Inject
  public TenantProvisioner(
      ControlDatabase db,
      TenantRepository tenants,
      AccountRepository accounts,
      TenantMigrator migrator,
      ServiceMigrations services,
      Plans plans) {
    this.db = db;
    this.tenants = tenants;
    this.accounts = accounts;
    this.migrator = migrator;
    this.services = services;
    this.plans = plans;
  }

  public Provisioned provision(NewTenant request) {
    plans.require(request.plan());
    Tenant tenant =
        db.asOwner(
            c ->
                tenants.insertIfAbsent(
                    c, request.slug(), request.name(), request.plan(), request.region()));
    if (!"provisioning".equals(tenant.status())) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "Tenant '"
              + tenant.slug()
              + "' already exists (id "
              + tenant.id()
              + ", "
              + tenant.status()
              + ").",
          "slug");
    }
    migrator.migrate(tenant.slug());
    services.migrateEverywhere(tenant.slug());
    Provisioned done =
        db.inTenant(
            tenant.id(),
            c -> {
              User admin =
                  accounts.findUserByEmail(c, request.adminEmail()).isPresent()
                      ? accounts.findUserByEmail(c, request.adminEmail()).get()
                      : accounts.insertUser(
                          c, tenant.id(), request.adminEmail(), Role.ADMIN.claim());
              accounts.revokeKeysNamed(c, admin.id(), INITIAL_KEY);
              ApiKeySecret secret = ApiKeySecret.generate();
              ApiKey key =
                  accounts.insertKey(
                      c, tenant.id(), admin.id(), INITIAL_KEY, secret, null, List.of());
              return new Provisioned(tenant, admin, key, secret.value());
            });
    db.asOwner(
        c -> {
          tenants.setStatus(c, tenant.slug(), "active");
          return null;
        });
    return new Provisioned(
        db.asOwner(c -> tenants.findBySlug(c, tenant.slug()).orElseThrow()),
        done.admin(),
        done.key(),
        done.secret());
  }

  /** A tenant to create. */
  public record NewTenant(
      String slug, String name, String plan, String region, String adminEmail) {}
}
