package dev.devflow.workflowengine.agent;

import dev.devflow.agents.process.Names;
import dev.devflow.workflowengine.config.EngineConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** Names of agents' tmux sessions: {@code [<prefix>_]agent_<tenant>_<id>}. */
@ApplicationScoped
public class Sessions {

  private final String prefix;

  public Sessions(EngineConfig config) {
    this.prefix = config.sessionPrefix().map(p -> Names.slug(p, 30) + "_").orElse("");
  }

  public String name(String tenant, long agentId) {
    return prefix + "agent_" + tenant + "_" + agentId;
  }

  /** Whether a session is one of this engine's agents' (same prefix). */
  public boolean ours(String session) {
    return session.startsWith(prefix + "agent_");
  }
}
