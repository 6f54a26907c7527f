package dev.devflow.common.input;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Path and query parameters hold storable text too: a NUL character or half a surrogate pair (from
 * %00 or a broken %-escape) is a 400 naming the parameter, before any route sees it.
 */
public class TextParameters {

  @ServerRequestFilter(priority = 900)
  public void refuseBadText(ContainerRequestContext request) {
    check(request.getUriInfo().getPathParameters(), "path parameter");
    check(request.getUriInfo().getQueryParameters(), "query parameter");
  }

  /** Longer parameters belong in a body. */
  static final int MAX_LENGTH = 16_384;

  private static void check(MultivaluedMap<String, String> parameters, String what) {
    for (Map.Entry<String, List<String>> p : parameters.entrySet()) {
      for (String value : p.getValue()) {
        if (value != null && value.length() > MAX_LENGTH) {
          throw new ProblemException(
              ProblemType.VALIDATION,
              "The " + what + " " + p.getKey() + " is longer than " + MAX_LENGTH + " characters.",
              p.getKey());
        }
        Text.problem(value)
            .ifPresent(
                rule -> {
                  throw new ProblemException(
                      ProblemType.VALIDATION,
                      "The " + what + " " + p.getKey() + " " + rule + ".",
                      p.getKey());
                });
      }
    }
  }
}
