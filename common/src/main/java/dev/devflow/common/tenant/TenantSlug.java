package dev.devflow.common.tenant;

import dev.devflow.common.problem.ProblemException;
import java.util.regex.Pattern;

/**
 * A tenant's slug and the schema it owns. Schema names are built from slugs only, and slugs are
 * checked here, so no unchecked input ever reaches SQL as an identifier.
 */
public final class TenantSlug {

  /** The slug of the single tenant of local mode. */
  public static final String LOCAL = "local";

  private static final Pattern SLUG = Pattern.compile("[a-z][a-z0-9_]{2,39}");

  private TenantSlug() {}

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
