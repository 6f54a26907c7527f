package dev.devflow.mcpgateway.tools;

import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.validation.ConstraintViolationException;
import org.jboss.logging.Logger;

/**
 * One INFO line per tool call with its name, duration and outcome. Arguments are never logged: a
 * model may pass secrets in them without meaning to. Arguments outside their declared limits come
 * back as a tool error naming each argument and rule.
 */
@ToolCallLogged
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class ToolCallLogging {

  private static final Logger LOG = Logger.getLogger("dev.devflow.mcpgateway.tool-calls");

  @AroundInvoke
  Object log(InvocationContext invocation) throws Exception {
    Tool tool = invocation.getMethod().getAnnotation(Tool.class);
    if (tool == null) {
      return invocation.proceed();
    }
    String name = tool.name().isEmpty() ? invocation.getMethod().getName() : tool.name();
    long start = System.nanoTime();
    Object result;
    try {
      result = invocation.proceed();
    } catch (ConstraintViolationException e) {
      // Arguments outside their limits: a tool error the model can correct, not a protocol error.
      ToolResponse invalid = ToolResponse.error(InvalidArguments.describe(e));
      log(name, start, "invalid-arguments");
      return Uni.class.isAssignableFrom(invocation.getMethod().getReturnType())
          ? Uni.createFrom().item(invalid)
          : invalid;
    } catch (Exception e) {
      log(name, start, "failed (" + e.getClass().getSimpleName() + ")");
      throw e;
    }
    if (result instanceof Uni<?> uni) {
      return uni.invoke(r -> log(name, start, outcome(r)))
          .onFailure()
          .invoke(e -> log(name, start, "failed (" + e.getClass().getSimpleName() + ")"));
    }
    log(name, start, outcome(result));
    return result;
  }

  private static String outcome(Object result) {
    return result instanceof ToolResponse r && r.isError() ? "tool-error" : "ok";
  }

  private static void log(String tool, long startNanos, String outcome) {
    LOG.infof(
        "tool=%s outcome=%s duration_ms=%.1f",
        tool, outcome, (System.nanoTime() - startNanos) / 1_000_000.0);
  }
}
