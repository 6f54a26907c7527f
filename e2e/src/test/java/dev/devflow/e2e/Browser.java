package dev.devflow.e2e;

/** Debian's Chromium, which the Playwright scripts drive. */
final class Browser {

  private Browser() {}

  static String chromium() {
    return Commands.findExecutable("/usr/lib/chromium/chromium", "chromium", "chromium-browser")
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Debian's chromium is not installed (apt-get install chromium)"));
  }
}
