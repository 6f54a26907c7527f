package dev.devflow.common.problem;

import jakarta.ws.rs.core.Response;
import java.util.List;

/** Builds problem responses, so every error in the fleet has the same shape. */
public final class Problems {

  private Problems() {}

  public static Problem of(ProblemType type, String detail, String instance) {
    return new Problem(type.uri(), type.title(), type.status(), detail, instance, null, List.of());
  }

  public static Response response(Problem problem) {
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
  }

  public static Response response(ProblemType type, String detail, String instance) {
    return response(of(type, detail, instance));
  }

  /** A problem as JSON text, for the few places that answer outside JAX-RS. */
  public static String json(ProblemType type, String detail, String instance) {
    return "{\"type\":\""
        + type.uri()
        + "\",\"title\":"
        + quote(type.title())
        + ",\"status\":"
        + type.status()
        + ",\"detail\":"
        + quote(detail)
        + ",\"instance\":"
        + quote(instance)
        + "}";
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
