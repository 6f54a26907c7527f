package dev.devflow.mcpgateway.upstream;

/**
 * A call to knowledge-hub or workflow-engine that did not succeed, with a message written for the
 * model that made the tool call: what went wrong and what it can do about it.
 */
public class UpstreamException extends RuntimeException {

  private final int status;

  public UpstreamException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The upstream's HTTP status, or 0 when it never answered. */
  public int status() {
    return status;
  }

  /** The request was wrong (4xx): the caller should change it, not retry it. */
  public boolean isRejection() {
    return status >= 400 && status < 500;
  }
}
