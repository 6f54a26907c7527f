package dev.devflow.workflowengine.agent;

import dev.devflow.agents.LocalAgents;
import dev.devflow.agents.cli.AgentEnvironment;
import dev.devflow.agents.cli.CliSetup;
import dev.devflow.agents.git.Git;
import dev.devflow.agents.git.Merger;
import dev.devflow.agents.git.Worktrees;
import dev.devflow.agents.tmux.Tmux;
import dev.devflow.workflowengine.config.EngineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import java.util.List;

/** The agent runtime library's parts, configured from the engine's settings. */
@ApplicationScoped
public class LocalAgentBeans {

  @Produces
  @ApplicationScoped
  Git git(EngineConfig config) {
    return new Git(config.gitBinary());
  }

  @Produces
  @ApplicationScoped
  Merger merger(Git git) {
    return new Merger(git);
  }

  @Produces
  @ApplicationScoped
  AgentEnvironment environment(EngineConfig config) {
    return new AgentEnvironment(System.getenv(), config.passEnv().orElse(List.of()));
  }

  @Produces
  @ApplicationScoped
  LocalAgents localAgents(EngineConfig config, Git git, AgentEnvironment environment) {
    return new LocalAgents(
        new Tmux(config.tmuxBinary(), Path.of(config.tmuxSocketDir())),
        new Worktrees(git, Path.of(config.worktreesRoot())),
        new CliSetup(environment),
        config.promptReadyTimeout(),
        config.promptVerifyTimeout());
  }
}
