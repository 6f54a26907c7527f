package dev.devflow.workflowengine.run;

import java.util.List;
import java.util.Optional;

/** Repositories that live on runners (developers' machines), by the names the runners announced. */
public interface RemoteRepositories {

  /** The branches of the repository as its runners announced them, if any runner announced it. */
  Optional<List<String>> branches(String tenant, String repository);

  /** A runner chosen for an agent, and the kind as that runner announced it. */
  record Chosen(long runnerId, dev.devflow.agents.cli.AgentKind kind) {}

  /**
   * The connected runner that serves the repository and can run the agent kind (the one with the
   * fewest live agents); a 409 problem when none is connected, 422 when those connected cannot run
   * the kind.
   */
  Chosen chooseRunner(String tenant, String repository, String kind);
}
