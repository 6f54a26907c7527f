package dev.devflow.workflowengine.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devflow.agents.LocalAgents;
import dev.devflow.agents.cli.AgentEnvironment;
import dev.devflow.agents.cli.CliSetup;
import dev.devflow.agents.docker.AgentContainers;
import dev.devflow.agents.docker.ContainerStarter;
import dev.devflow.agents.docker.DockerEngine;
import dev.devflow.agents.docker.DockerTransport;
import dev.devflow.agents.git.Git;
import dev.devflow.agents.git.Merger;
import dev.devflow.agents.git.Worktrees;
import dev.devflow.agents.tmux.Tmux;
import dev.devflow.workflowengine.config.EngineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
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
  LocalAgents localAgents(
      EngineConfig config, Git git, AgentEnvironment environment, Tmux.ServerStarter starter) {
    return new LocalAgents(
        new Tmux(config.tmuxBinary(), Path.of(config.tmuxSocketDir()), starter),
        new Worktrees(git, Path.of(config.worktreesRoot())),
        new CliSetup(environment),
        config.promptReadyTimeout(),
        config.promptVerifyTimeout());
  }

  /**
   * Where each agent's tmux server runs: here, or in a container of its own. A singleton (no client
   * proxy), so adoption can tell a {@link ContainerStarter} by its class.
   */
  @Produces
  @Singleton
  Tmux.ServerStarter starter(EngineConfig config, ObjectMapper json) {
    EngineConfig.AgentContainerSettings containers = config.agentContainers();
    if (!containers.enabled()) {
      return Tmux.HERE;
    }
    return new ContainerStarter(
        new DockerEngine(DockerTransport.of(containers.dockerUrl()), json),
        new AgentContainers(
            containers.image(),
            containers.network(),
            containers.volumes().orElse(List.of()),
            containers.user(),
            containers.memoryMb() * 1024 * 1024,
            containers.cpus(),
            containers.pids()),
        json);
  }
}
