package dev.devflow.knowledgehub.crawl;

/** A page that could not be fetched, with a reason a user can read. */
public class FetchException extends Exception {

  private final int status;

  public FetchException(String message) {
    this(message, 0);
  }

  public FetchException(String message, int status) {
    super(message, null, false, false);
    this.status = status;
  }

  /** The HTTP status, or 0 when there was no response. */
  public int status() {
    return status;
  }
}
