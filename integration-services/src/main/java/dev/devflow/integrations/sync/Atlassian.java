package dev.devflow.integrations.sync;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Time handling shared by Jira and Confluence. JQL and CQL take minutes in the user's own time
 * zone, which we do not know; so the query starts 14 hours (the widest offset) before the cursor
 * and what is not newer than the cursor is skipped here: a few extra items read, none missed.
 */
final class Atlassian {

  static final Duration ZONE_MARGIN = Duration.ofHours(14);
  private static final DateTimeFormatter QUERY =
      DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter JIRA =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXX");

  private Atlassian() {}

  /** The query's lower bound for a cursor. */
  static String queryBound(Instant cursor) {
    return QUERY.format(cursor.minus(ZONE_MARGIN));
  }

  /** Parses Jira's {@code 2026-11-26T07:00:00.000+0000} or ISO-8601 timestamps. */
  static Optional<Instant> parse(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(value, JIRA).toInstant());
    } catch (DateTimeParseException notJira) {
      try {
        return Optional.of(OffsetDateTime.parse(value).toInstant());
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
  }
}
