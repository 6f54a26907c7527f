package dev.devflow.integrations.provider;

/** The provider could not be reached at all (connection refused, timeout). */
public class ProviderUnreachableException extends ProviderException {

  public ProviderUnreachableException(String host) {
    super(0, "The provider at " + host + " could not be reached; retry later.");
  }
}
