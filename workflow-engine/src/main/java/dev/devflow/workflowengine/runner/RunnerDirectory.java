package dev.devflow.workflowengine.runner;

import dev.devflow.agents.cli.AgentKind;
import dev.devflow.agents.cli.AgentMode;
import dev.devflow.agents.cli.CliFamily;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.workflowengine.run.RemoteRepositories;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Which runner serves which repository, from what the runners announced. */
@ApplicationScoped
public class RunnerDirectory implements RemoteRepositories {

  private final RunnerStore store;

  public RunnerDirectory(RunnerStore store) {
    this.store = store;
  }

  @Override
  public Optional<List<String>> branches(String tenant, String repository) {
    List<Runner> runners = store.serving(tenant, repository);
    if (runners.isEmpty()) {
      return Optional.empty();
    }
    Set<String> branches = new LinkedHashSet<>();
    for (Runner runner : runners) {
      runner.repositories().stream()
          .filter(r -> r.name().equals(repository))
          .forEach(r -> branches.addAll(r.branches() == null ? List.of() : r.branches()));
    }
    return Optional.of(new ArrayList<>(branches));
  }

  @Override
  public Chosen chooseRunner(String tenant, String repository, String kind) {
    List<Runner> connected =
        store.serving(tenant, repository).stream().filter(Runner::connected).toList();
    if (connected.isEmpty()) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "No runner serving repository '"
              + repository
              + "' is connected; start one on the machine that has it: devflow runner --repo "
              + repository
              + "=/path/to/checkout",
          "repository");
    }
    return connected.stream()
        .filter(r -> r.runs(kind))
        .min(java.util.Comparator.comparingInt(Runner::liveAgents))
        .map(r -> new Chosen(r.id(), announced(r, kind)))
        .orElseThrow(
            () ->
                new ProblemException(
                    ProblemType.UNPROCESSABLE,
                    "The runners serving '"
                        + repository
                        + "' cannot run agent kind '"
                        + kind
                        + "': "
                        + problems(connected, kind)
                        + " Point the runner at the program: devflow runner --program "
                        + kind
                        + "=/path/to/cli",
                    "agentKinds." + kind + ".command"));
  }

  private static AgentKind announced(Runner runner, String kind) {
    Runner.Kind k =
        runner.kinds().stream().filter(x -> x.kind().equals(kind)).findFirst().orElseThrow();
    CliFamily family = CliFamily.parse(k.family()).orElse(CliFamily.GENERIC);
    return new AgentKind(
        kind,
        family,
        List.of(k.program() == null ? kind : k.program()),
        AgentMode.INTERACTIVE,
        java.util.Map.of(),
        List.of(),
        family == CliFamily.OPENCODE ? "opencode" : "claude");
  }

  private static String problems(List<Runner> runners, String kind) {
    List<String> why = new ArrayList<>();
    for (Runner r : runners) {
      String problem =
          r.kinds().stream()
              .filter(k -> k.kind().equals(kind))
              .findFirst()
              .map(k -> k.problem() == null ? "unavailable" : k.problem())
              .orElse("kind not offered");
      why.add(r.name() + ": " + problem);
    }
    return String.join("; ", why) + ".";
  }
}
