package dev.devflow.integrations.provider;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the providers' rate-limit signals: {@code Retry-After} (seconds or HTTP date), GitHub's
 * {@code X-RateLimit-Remaining} / {@code X-RateLimit-Reset} (epoch seconds), and 429 or a 403 that
 * says the limit is spent (GitHub's primary and secondary limits).
 */
final class RateLimits {

  private RateLimits() {}

  /** Whether the answer is a rate limit rather than a real refusal. */
  static boolean limited(ProviderResponse response) {
    if (response.status() == 429) {
      return true;
    }
    return response.status() == 403
        && (response.header("Retry-After").isPresent() || exhausted(response));
  }

  /** Whether the answer says no calls are left in the current window. */
  static boolean exhausted(ProviderResponse response) {
    return response
        .header("X-RateLimit-Remaining")
        .map(String::strip)
        .filter("0"::equals)
        .isPresent();
  }

  /** How long the provider asks us to wait, if it says. */
  static Optional<Duration> requestedWait(ProviderResponse response, Instant now) {
    Optional<String> retryAfter = response.header("Retry-After");
    if (retryAfter.isPresent()) {
      return retryAfter(retryAfter.get().strip(), now);
    }
    return response
        .header("X-RateLimit-Reset")
        .flatMap(RateLimits::epochSeconds)
        .map(reset -> Duration.between(now, reset))
        .map(d -> d.isNegative() ? Duration.ZERO : d);
  }

  private static Optional<Duration> retryAfter(String value, Instant now) {
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(now, at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
  }

  private static Optional<Instant> epochSeconds(String value) {
    try {
      return Optional.of(Instant.ofEpochSecond(Long.parseLong(value.strip())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
