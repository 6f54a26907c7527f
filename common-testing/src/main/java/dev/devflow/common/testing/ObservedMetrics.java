package dev.devflow.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checked lists of deploy/observability/metrics: per service, the metric names the dashboards
 * and rules read, one per line ({@code #} comments). Each service's contract test holds its list
 * against a real scrape; the dashboards' test holds every query against the lists.
 */
public final class ObservedMetrics {

  private ObservedMetrics() {}

  /** deploy/observability/metrics/&lt;service&gt;.txt of the repository the tests run in. */
  public static Path listOf(String service) {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("deploy/observability/metrics"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("deploy/observability/metrics not found above the module");
    }
    return dir.resolve("deploy/observability/metrics").resolve(service + ".txt");
  }

  /** The names a list holds. */
  public static Set<String> read(Path list) {
    try {
      Set<String> names = new TreeSet<>();
      for (String line : Files.readAllLines(list)) {
        String name = line.replaceAll("#.*", "").trim();
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The sample names of a Prometheus text exposition (what a query can select). */
  public static Set<String> names(String exposition) {
    Set<String> names = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        int end = 0;
        while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
          end++;
        }
        names.add(line.substring(0, end));
      }
    }
    return names;
  }
}
