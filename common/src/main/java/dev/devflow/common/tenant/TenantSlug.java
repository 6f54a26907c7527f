package dev.devflow.common.tenant;

import dev.devflow.common.problem.ProblemException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tenant's slug and the schema it owns. Schema names are built from slugs only, and slugs are
 * checked here, so no unchecked input ever reaches SQL as an identifier. An instance is a slug that
 * passed the check: code that builds SQL takes one, never a plain string.
 */
public final class TenantSlug {

  /** The slug of the single tenant of local mode. */
  public static final String LOCAL = "local";

  private static final Pattern SLUG = Pattern.compile("[a-z][a-z0-9_]{2,39}");

  private final String value;

  private TenantSlug(String value) {
    this.value = value;
  }

  /** The checked slug, or a validation problem naming the rule. */
  public static TenantSlug of(String slug) {
    return new TenantSlug(require(slug));
  }

  public String value() {
    return value;
  }

  /** The schema that holds this tenant's data. */
  public String schema() {
    return "tenant_" + value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TenantSlug slug && slug.value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value);
  }

  @Override
  public String toString() {
    return value;
  }

  public static boolean isValid(String slug) {
    return slug != null && SLUG.matcher(slug).matches();
  }

  /** Returns the slug, or throws a validation problem naming the rule. */
  public static String require(String slug) {
    if (!isValid(slug)) {
      throw ProblemException.invalid(
          "tenant",
          "A tenant slug must be 3 to 40 characters: a lowercase letter, then lowercase letters,"
              + " digits or underscores.");
    }
    return slug;
  }

  /** The schema that holds a tenant's data: {@code tenant_<slug>}. */
  public static String schemaOf(String slug) {
    return "tenant_" + require(slug);
  }
}
