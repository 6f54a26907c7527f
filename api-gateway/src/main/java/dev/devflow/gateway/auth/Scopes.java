package dev.devflow.gateway.auth;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a scoped key (or an agent's token) may reach. A key without scopes can do what its user may;
 * each scope allows only its part, and a key with several scopes the union of their parts.
 */
public final class Scopes {

  /** Safe methods only: reading, never changing. */
  public static final String READ_ONLY = "read-only";

  /** Only the MCP endpoint. */
  public static final String MCP = "mcp";

  /** Only the runner connection of {@code devflow runner}. */
  public static final String RUNNER = "runner";

  /** An agent's own token: MCP, its task's reports, and reading the knowledge and workflows. */
  public static final String AGENT = "agent";

  /** The scopes a key can be given. */
  public static final List<String> KEY_SCOPES = List.of(READ_ONLY, MCP, RUNNER);

  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
  private static final Pattern AGENT_READS =
      Pattern.compile(
          "/api/v1/(tasks|runs|workflows|search|code-examples|sources|documents|jobs)(/.*)?");
  private static final Pattern AGENT_WRITES =
      Pattern.compile(
          "/api/v1/(tasks/\\d{1,18}/(status|progress|complete)|runs/\\d{1,18}/tasks(/claim)?)/?");

  private Scopes() {}

  /** Refuses the request unless one of the caller's scopes allows it. */
  public static void check(GatewayCaller caller, String method, String path) {
    if (caller.scopes().isEmpty()) {
      return;
    }
    for (String scope : caller.scopes()) {
      if (allows(scope, method, path)) {
        return;
      }
    }
    throw new ProblemException(
        ProblemType.FORBIDDEN,
        "This "
            + (caller.scopes().contains(AGENT) ? "agent token" : "key")
            + " is limited to "
            + String.join(", ", caller.scopes())
            + " and cannot "
            + method
            + " "
            + path
            + ".");
  }

  private static boolean allows(String scope, String method, String path) {
    boolean mcp = path.equals("/mcp") || path.startsWith("/mcp/");
    return switch (scope) {
      case READ_ONLY -> SAFE.contains(method) && !path.startsWith("/api/v1/runners/connect");
      case MCP -> mcp;
      case RUNNER -> path.equals("/api/v1/runners/connect");
      case AGENT ->
          mcp
              || (SAFE.contains(method) && AGENT_READS.matcher(path).matches())
              || (("POST".equals(method) || "PATCH".equals(method))
                  && AGENT_WRITES.matcher(path).matches());
      default -> false;
    };
  }
}
