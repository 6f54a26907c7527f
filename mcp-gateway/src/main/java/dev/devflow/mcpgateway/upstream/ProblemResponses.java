package dev.devflow.mcpgateway.upstream;

import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * Turns an upstream's RFC 9457 answer into an exception whose message a model can act on: the
 * problem's title and detail, and the field it names.
 */
public class ProblemResponses implements ResponseExceptionMapper<UpstreamException> {

  @Override
  public UpstreamException toThrowable(Response response) {
    int status = response.getStatus();
    String body = response.hasEntity() ? response.readEntity(String.class) : "";
    String message = describe(status, body);
    return status >= 400 && status < 500
        ? new UpstreamRejectedException(status, message)
        : new UpstreamException(status, message);
  }

  @Override
  public boolean handles(int status, jakarta.ws.rs.core.MultivaluedMap<String, Object> headers) {
    return status >= 400;
  }

  static String describe(int status, String body) {
    try {
      JsonObject problem = new JsonObject(body);
      StringBuilder message = new StringBuilder(problem.getString("title", "HTTP " + status));
      String detail = problem.getString("detail");
      if (detail != null && !detail.isBlank()) {
        message.append(": ").append(detail);
      }
      String field = problem.getString("field");
      if (field != null && !field.isBlank()) {
        message.append(" (argument: ").append(field).append(')');
      }
      return message.append(" [HTTP ").append(status).append(']').toString();
    } catch (RuntimeException notJson) {
      return "HTTP " + status + " from the upstream service";
    }
  }
}
