package dev.devflow.integrations.knowledge;

/**
 * One synced item as a Markdown file for the knowledge hub.
 *
 * @param name the file name; a later file of the same name replaces it in the source
 */
public record Document(String name, String markdown) {

  /** A file name safe for the knowledge hub (it keeps only what follows the last slash). */
  public static String fileName(String... parts) {
    String joined = String.join("__", parts).replace("/", "__").replaceAll("[^A-Za-z0-9._#-]", "-");
    String withExt = joined.matches(".*\\.(md|markdown|rst|txt|adoc)$") ? joined : joined + ".md";
    return withExt.length() > 200 ? withExt.substring(withExt.length() - 200) : withExt;
  }
}
