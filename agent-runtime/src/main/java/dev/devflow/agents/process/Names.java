package dev.devflow.agents.process;

import java.nio.file.Path;
import java.util.Locale;

/** Sanitising of names that end up in session names, branch names and paths. */
public final class Names {

  private Names() {}

  /** Lowercase letters, digits and dashes only, at most max characters; never empty. */
  public static String slug(String text, int max) {
    String slug =
        text == null
            ? ""
            : text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    if (slug.length() > max) {
      slug = slug.substring(0, max).replaceAll("-$", "");
    }
    return slug.isEmpty() ? "x" : slug;
  }

  /**
   * Resolves child under root and refuses anything that would land outside it ({@code ..}, absolute
   * children, symlink-free normalisation).
   */
  public static Path inside(Path root, String... children) {
    Path base = root.toAbsolutePath().normalize();
    Path resolved = base;
    for (String child : children) {
      resolved = resolved.resolve(child);
    }
    resolved = resolved.normalize();
    if (!resolved.startsWith(base) || resolved.equals(base)) {
      throw new IllegalArgumentException("Path escapes its root " + base);
    }
    return resolved;
  }
}
