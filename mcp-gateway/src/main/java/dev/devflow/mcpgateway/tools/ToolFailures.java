package dev.devflow.mcpgateway.tools;

import dev.devflow.mcpgateway.upstream.UpstreamException;
import io.quarkiverse.mcp.server.ToolResponse;
import jakarta.ws.rs.ProcessingException;
import java.net.ConnectException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Turns a failed upstream call into a tool error a model can act on: what failed, why, and whether
 * retrying makes sense. Never a protocol error and never an empty success.
 */
final class ToolFailures {

  private ToolFailures() {}

  static ToolResponse toResponse(String service, Throwable failure) {
    return ToolResponse.error(describe(service, failure));
  }

  static String describe(String service, Throwable failure) {
    Throwable e = unwrap(failure);
    if (e instanceof UpstreamException upstream) {
      String advice =
          upstream.isRejection()
              ? " Fix the arguments (or the id) and call again."
              : " The " + service + " failed; try again shortly.";
      return upstream.getMessage() + "." + advice;
    }
    if (e instanceof CircuitBreakerOpenException) {
      return "The "
          + service
          + " has been failing, so DevFlow paused calls to it for a few seconds. Try again in a"
          + " moment; if it persists, check `devflow status` or the service's health.";
    }
    if (e instanceof TimeoutException || e instanceof java.util.concurrent.TimeoutException) {
      return "The " + service + " did not answer in time. Try again, or narrow the request.";
    }
    if (e instanceof ConnectException || e instanceof ProcessingException) {
      return "The "
          + service
          + " is unreachable, so this tool cannot work right now. Check that DevFlow is running"
          + " (`devflow status`) and try again.";
    }
    return "The " + service + " call failed unexpectedly (" + e.getClass().getSimpleName() + ").";
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable e = failure;
    while ((e instanceof java.util.concurrent.CompletionException
            || e instanceof ProcessingException && e.getCause() instanceof ConnectException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
