package dev.devflow.integrations.provider;

import java.time.Duration;

/** The provider keeps limiting us for longer than we are willing to wait inside one call. */
public class RateLimitedException extends ProviderException {

  private final Duration wait;

  public RateLimitedException(Duration wait) {
    super(
        429, "The provider's rate limit is exhausted; retry in about " + wait.toSeconds() + " s.");
    this.wait = wait;
  }

  public Duration waitFor() {
    return wait;
  }
}
