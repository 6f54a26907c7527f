package dev.devflow.integrations.provider;

/**
 * A provider call that did not succeed. {@code status} is the provider's HTTP status, or 0 when it
 * could not be reached; the message is safe to show (it never holds a token).
 */
public class ProviderException extends RuntimeException {

  private final int status;

  public ProviderException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** Whether the provider refused the credentials (expired or revoked token). */
  public boolean unauthorized() {
    return status == 401;
  }
}
