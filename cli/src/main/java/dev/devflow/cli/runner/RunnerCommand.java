package dev.devflow.cli.runner;

import dev.devflow.agents.LocalAgents;
import dev.devflow.agents.cli.AgentEnvironment;
import dev.devflow.agents.cli.AgentKind;
import dev.devflow.agents.cli.CliSetup;
import dev.devflow.agents.git.Git;
import dev.devflow.agents.git.Merger;
import dev.devflow.agents.git.Worktrees;
import dev.devflow.agents.tmux.Tmux;
import dev.devflow.cli.home.DevflowHome;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code devflow runner}: the spec's local agent runtime for SaaS and dedicated installations. On
 * the developer's machine it serves the repositories it is given, holds a connection to DevFlow
 * with a runner key, and runs the agents DevFlow starts for its tenant there, in tmux on worktrees
 * of those repositories, reporting back what they do and merging their branches locally.
 */
@Command(
    name = "runner",
    mixinStandardHelpOptions = true,
    description = {
      "Run DevFlow's agents on this machine, for a DevFlow in SaaS or dedicated mode.",
      "Needs DEVFLOW_API_URL and a runner key (DEVFLOW_API_KEY; create one with scopes"
          + " [\"runner\"]), tmux and git, and the agent CLIs (claude, opencode) on the PATH or"
          + " named with --program."
    })
public final class RunnerCommand implements Callable<Integer> {

  private final DevflowHome home;
  private final Map<String, String> env;
  private final PrintStream out;

  @Option(names = "--api-url", description = "DevFlow's URL (default: $DEVFLOW_API_URL).")
  String apiUrl;

  @Option(names = "--api-key", description = "A runner key (default: $DEVFLOW_API_KEY).")
  String apiKey;

  @Option(names = "--name", description = "This runner's name (default: the host name).")
  String name;

  @Option(
      names = "--repo",
      required = true,
      description = "A repository to serve: NAME=PATH, or PATH (named after its directory).")
  List<String> repos = new ArrayList<>();

  @Option(names = "--program", description = "Where a kind's CLI is: KIND=PATH.")
  List<String> programs = new ArrayList<>();

  @Option(
      names = "--agent-kind",
      description = "A kind of this runner's own: NAME=FAMILY:COMMAND[,ARG...].")
  List<String> agentKinds = new ArrayList<>();

  public RunnerCommand(DevflowHome home, Map<String, String> env, PrintStream out) {
    this.home = home;
    this.env = env;
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    RunnerSettings settings = settings();
    Path runnerHome = settings.home();
    Git git = new Git("git");
    Worktrees worktrees = new Worktrees(git, runnerHome.resolve("worktrees"));
    LocalAgents local =
        new LocalAgents(
            new Tmux("tmux", runnerHome.resolve("tmux")),
            worktrees,
            new CliSetup(new AgentEnvironment(env, List.of())),
            Duration.ofSeconds(30),
            Duration.ofSeconds(5));
    RunnerAgents agents = new RunnerAgents(settings, local, new Merger(git), worktrees);
    RunnerConnection connection = new RunnerConnection(settings, agents, out);
    out.println(
        "devflow runner: "
            + settings.name()
            + " connecting to "
            + connection.endpoint()
            + " (worktrees and tmux sockets under "
            + runnerHome
            + ")");
    connection.runForever();
    return 0;
  }

  RunnerSettings settings() throws Exception {
    String url = apiUrl != null ? apiUrl : env.get("DEVFLOW_API_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("set --api-url or DEVFLOW_API_URL to DevFlow's URL");
    }
    Map<String, Path> repositories = new LinkedHashMap<>();
    for (String spec : repos) {
      Map.Entry<String, Path> repo = RunnerSettings.repository(spec);
      repositories.put(repo.getKey(), repo.getValue());
    }
    Map<String, AgentKind> kinds = RunnerSettings.defaultKinds();
    agentKinds.forEach(spec -> RunnerSettings.agentKind(kinds, spec));
    programs.forEach(spec -> RunnerSettings.program(kinds, spec));
    String runnerName = name != null ? name : InetAddress.getLocalHost().getHostName();
    return new RunnerSettings(
        URI.create(url),
        apiKey != null ? apiKey : env.get("DEVFLOW_API_KEY"),
        runnerName,
        repositories,
        kinds,
        home.root().resolve("runner"),
        env);
  }
}
