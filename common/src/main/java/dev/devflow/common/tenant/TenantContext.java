package dev.devflow.common.tenant;

import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/**
 * The tenant the current request (or background unit of work, run with an activated request
 * context) acts for.
 */
@RequestScoped
public class TenantContext {

  private String slug;

  public Optional<String> slug() {
    return Optional.ofNullable(slug);
  }

  /** Binds the unit of work to a tenant; the slug is validated. */
  public void set(String slug) {
    this.slug = TenantSlug.require(slug);
  }
}
