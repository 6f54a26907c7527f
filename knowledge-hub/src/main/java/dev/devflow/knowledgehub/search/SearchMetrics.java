package dev.devflow.knowledgehub.search;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code devflow_search_seconds{mode}}: knowledge searches timed by the mode that ran, with buckets
 * at the plans' latency objectives (200 ms Enterprise, 500 ms Team, 1 s Pro, 2 s Free).
 */
// At start, so every mode's series is in /q/metrics before the first search.
@Startup
@ApplicationScoped
public class SearchMetrics {

  private static final Duration[] OBJECTIVES = {
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(200),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2)
  };

  private final Map<SearchIndex.Mode, Timer> timers = new EnumMap<>(SearchIndex.Mode.class);

  public SearchMetrics(MeterRegistry registry) {
    for (SearchIndex.Mode mode : SearchIndex.Mode.values()) {
      timers.put(
          mode,
          Timer.builder("devflow.search")
              .description("Knowledge searches, by the mode that ran")
              .tag("mode", mode.name().toLowerCase(Locale.ROOT))
              .serviceLevelObjectives(OBJECTIVES)
              .register(registry));
    }
  }

  void searched(String mode, long nanos) {
    Timer timer = timers.get(SearchIndex.Mode.valueOf(mode.toUpperCase(Locale.ROOT)));
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }
}
