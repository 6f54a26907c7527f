package dev.devflow.gateway.tenant;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.common.tenant.TenantSlug;
import dev.devflow.gateway.auth.ControlNotices;
import dev.devflow.gateway.db.ControlDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** Listing, suspending, resuming and deleting tenants: the platform administrator's work. */
@ApplicationScoped
public class TenantAdministration {

  private final ControlDatabase db;
  private final TenantRepository tenants;
  private final ControlNotices notices;

  @Inject
  public TenantAdministration(
      ControlDatabase db, TenantRepository tenants, ControlNotices notices) {
    this.db = db;
    this.tenants = tenants;
    this.notices = notices;
  }

  public List<Tenant> list() {
    return db.asOwner(tenants::list);
  }

  public Tenant get(String slug) {
    TenantSlug.require(slug);
    return db.asOwner(c -> tenants.findBySlug(c, slug))
        .orElseThrow(() -> ProblemException.notFound("There is no tenant '" + slug + "'."));
  }

  /** Suspends a tenant; its keys stop working at once, in every gateway replica. */
  public Tenant suspend(String slug) {
    return changeStatus(slug, "active", "suspended");
  }

  public Tenant resume(String slug) {
    return changeStatus(slug, "suspended", "active");
  }

  /** Drops the tenant's schema and every row of it; {@code confirm} must repeat the slug. */
  public void delete(String slug, String confirm) {
    Tenant tenant = get(slug);
    if (!slug.equals(confirm)) {
      throw ProblemException.invalid(
          "confirm", "Deleting a tenant destroys its data: repeat its slug in 'confirm'.");
    }
    if (TenantSlug.LOCAL.equals(slug)) {
      throw new ProblemException(
          ProblemType.CONFLICT, "The local tenant cannot be deleted.", "slug");
    }
    db.asOwner(
        c -> {
          tenants.setStatus(c, slug, "deleting");
          return null;
        });
    notices.tenantChanged(tenant.id());
    db.asOwner(
        c -> {
          c.createStatement()
              .execute("DROP SCHEMA IF EXISTS " + TenantSlug.schemaOf(slug) + " CASCADE");
          tenants.delete(c, slug);
          return null;
        });
  }

  private Tenant changeStatus(String slug, String from, String to) {
    Tenant tenant = get(slug);
    if (!from.equals(tenant.status())) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "Tenant '" + slug + "' is " + tenant.status() + ", not " + from + ".",
          "status");
    }
    db.asOwner(
        c -> {
          tenants.setStatus(c, slug, to);
          return null;
        });
    notices.tenantChanged(tenant.id());
    return get(slug);
  }
}
