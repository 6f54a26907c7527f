package dev.devflow.workflowengine.agent;

import dev.devflow.common.auth.AgentCredentials;
import dev.devflow.common.auth.AgentIdentity;
import dev.devflow.common.tenant.TenantSlug;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Each agent's own credential, {@code dfa_<tenant>.<agent>.<secret>}: issued when the agent starts
 * (a new one on every restart), stored only as its SHA-256, and void as soon as the agent is no
 * longer starting or running. Requests carrying it act as that agent on its one task.
 */
@ApplicationScoped
public class AgentTokens implements AgentCredentials {

  private static final Logger LOG = Logger.getLogger(AgentTokens.class);
  private static final Pattern FORMAT =
      Pattern.compile("dfa_([a-z][a-z0-9_]{2,39})\\.([1-9][0-9]{0,17})\\.([A-Za-z0-9_-]{43})");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final AgentRepository agents;

  public AgentTokens(AgentRepository agents) {
    this.agents = agents;
  }

  /** A fresh token for the agent; the previous one stops working. */
  public String issue(String tenant, long agentId) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token =
        AgentIdentity.TOKEN_PREFIX
            + TenantSlug.require(tenant)
            + "."
            + agentId
            + "."
            + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    agents.setTokenHash(tenant, agentId, hash(token));
    return token;
  }

  @Override
  public Optional<AgentIdentity> verify(String token) {
    Matcher m = FORMAT.matcher(token == null ? "" : token);
    if (!m.matches()) {
      return Optional.empty();
    }
    String tenant = m.group(1);
    long agentId = Long.parseLong(m.group(2));
    try {
      return agents
          .findLiveByToken(tenant, agentId, hash(token))
          .map(a -> new AgentIdentity(tenant, a.id(), a.runId(), a.taskId()));
    } catch (RuntimeException e) {
      // An unknown tenant has no schema: the token is simply not valid.
      LOG.debugf("Agent token of tenant %s not verified: %s", tenant, e.getMessage());
      return Optional.empty();
    }
  }

  static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
