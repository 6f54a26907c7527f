package dev.devflow.workflowengine.runner;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A {@code devflow runner} on a developer's machine: the repositories it serves (by name, with
 * their branches), the agent kinds it can run, whether it is connected now, and its live agents.
 */
public record Runner(
    long id,
    String name,
    List<Repository> repositories,
    List<Kind> kinds,
    String version,
    boolean connected,
    String connectedBy,
    OffsetDateTime connectedAt,
    OffsetDateTime lastSeenAt,
    int liveAgents) {

  /** A repository the runner serves: its name and local branches. */
  public record Repository(String name, List<String> branches) {}

  /** An agent kind the runner can (or cannot) run, with its CLI family and why not. */
  public record Kind(
      String kind, boolean available, String program, String problem, String family) {}

  public boolean serves(String repository) {
    return repositories.stream().anyMatch(r -> r.name().equals(repository));
  }

  public boolean runs(String kind) {
    return kinds.stream().anyMatch(k -> k.kind().equals(kind) && k.available());
  }
}
