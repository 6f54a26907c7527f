package dev.devflow.mcpgateway.upstream;

/**
 * The upstream answered and refused the request (4xx). It is healthy, so the circuit breaker does
 * not count this as a failure.
 */
public class UpstreamRejectedException extends UpstreamException {

  public UpstreamRejectedException(int status, String message) {
    super(status, message);
  }
}
