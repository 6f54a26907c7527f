package dev.devflow.knowledgehub.document;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One stored page or file, or a window of its text.
 *
 * @param length the whole text's length in characters
 * @param offset where {@code text} starts within the whole text
 * @param text the requested window (empty in listings)
 */
public record Document(
    long id,
    UUID sourceId,
    String url,
    String title,
    OffsetDateTime fetchedAt,
    int length,
    int offset,
    String text) {}
