package dev.devflow.knowledgehub.source.api;

import java.util.UUID;

/** A source with the same URL already exists in the tenant; carries its id for the 409. */
public class DuplicateSourceException extends RuntimeException {

  private final UUID existingId;

  public DuplicateSourceException(UUID existingId, String url) {
    super("A source for '" + url + "' already exists: " + existingId + ".", null, false, false);
    this.existingId = existingId;
  }

  public UUID existingId() {
    return existingId;
  }
}
