package dev.devflow.common.auth;

/**
 * An agent acting on its one task: what its own token (issued by the workflow engine when it
 * started, revoked when it ends) stands for.
 */
public record AgentIdentity(String tenant, long agentId, long runId, long taskId) {

  /** Prefix of every agent token. */
  public static final String TOKEN_PREFIX = "dfa_";

  /** Header carrying an agent's token past the gateway, beside the gateway's own token. */
  public static final String TOKEN_HEADER = "X-Devflow-Agent-Token";

  /** The caller name an agent's requests carry. */
  public String user() {
    return "agent:" + agentId;
  }

  /** Whether a bearer credential is an agent token (and not an API key or a gateway token). */
  public static boolean isAgentToken(String credential) {
    return credential != null && credential.startsWith(TOKEN_PREFIX);
  }

  /**
   * The tenant an agent token claims ({@code dfa_<tenant>.<agent>.<secret>}), unverified: only to
   * know whom to ask.
   */
  public static java.util.Optional<String> claimedTenant(String token) {
    if (!isAgentToken(token)) {
      return java.util.Optional.empty();
    }
    String rest = token.substring(TOKEN_PREFIX.length());
    int dot = rest.indexOf('.');
    return dot > 0 ? java.util.Optional.of(rest.substring(0, dot)) : java.util.Optional.empty();
  }
}
