package dev.devflow.common.input;

import java.util.Optional;

/**
 * Text DevFlow stores must be text PostgreSQL can store and every client can read: no NUL
 * character, no half of a surrogate pair.
 */
public final class Text {

  private Text() {}

  /** Why the text is refused, or empty when it is fine. */
  public static Optional<String> problem(String text) {
    if (text == null) {
      return Optional.empty();
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\0') {
        return Optional.of("must not contain a NUL character");
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return Optional.of("must be valid Unicode text (it has half of a surrogate pair)");
      }
      if (Character.isLowSurrogate(c)) {
        return Optional.of("must be valid Unicode text (it has half of a surrogate pair)");
      }
    }
    return Optional.empty();
  }
}
