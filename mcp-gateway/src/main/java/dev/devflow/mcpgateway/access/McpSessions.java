package dev.devflow.mcpgateway.access;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which caller (tenant and user) opened each MCP session: a session answers only the caller that
 * opened it; to anyone else, even one who learned its id, it does not exist. Sessions idle for
 * longer than the MCP server keeps them are forgotten.
 */
@ApplicationScoped
public class McpSessions {

  private static final long IDLE_NANOS = Duration.ofHours(2).toNanos();
  private static final int SWEEP_ABOVE = 5_000;

  private record Owner(String caller, long lastUsed) {}

  private final Map<String, Owner> sessions = new ConcurrentHashMap<>();

  /** Records the session as the caller's (a new session's id, as the server named it). */
  public void bind(String session, String caller) {
    if (sessions.size() > SWEEP_ABOVE) {
      long now = System.nanoTime();
      sessions.values().removeIf(o -> now - o.lastUsed() > IDLE_NANOS);
    }
    sessions.put(session, new Owner(caller, System.nanoTime()));
  }

  /** Whether the session exists and is the caller's; a use keeps it alive. */
  public boolean owns(String session, String caller) {
    Owner owner = sessions.get(session);
    if (owner == null || !owner.caller().equals(caller)) {
      return false;
    }
    sessions.put(session, new Owner(caller, System.nanoTime()));
    return true;
  }

  /**
   * For the legacy SSE transport, whose session id reaches only the stream that opened it: the
   * first caller to use the id is its owner, and the only one.
   */
  public boolean bindOrOwns(String session, String caller) {
    Owner owner = sessions.putIfAbsent(session, new Owner(caller, System.nanoTime()));
    return owner == null || owns(session, caller);
  }

  public void forget(String session) {
    sessions.remove(session);
  }
}
