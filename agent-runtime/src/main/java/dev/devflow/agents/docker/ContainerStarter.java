package dev.devflow.agents.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devflow.agents.tmux.Tmux;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Starts each agent's tmux server in a container of its own. The container runs the same tmux
 * command the engine would run here, then lives as long as that server answers; the server's socket
 * is on a volume the engine mounts too, so reading the pane, pasting the prompt, pressing keys and
 * ending the session go through tmux as for local agents, and an engine that restarts finds the
 * sessions again by their sockets. Ending the server ends the container, which Docker then removes;
 * a container killed from outside leaves a socket that no longer answers, which the Guardian sees
 * as an agent gone.
 */
public final class ContainerStarter implements Tmux.ServerStarter {

  /** Starts the server and waits while it answers: the container's life is the agent's. */
  static final String WATCH =
      "sock=$1; shift; \"$@\" || exit $?;"
          + " while \"$1\" -S \"$sock\" has-session 2>/dev/null; do sleep 2; done";

  private final DockerEngine docker;
  private final AgentContainers containers;
  private final ObjectMapper json;

  public ContainerStarter(DockerEngine docker, AgentContainers containers, ObjectMapper json) {
    this.docker = docker;
    this.containers = containers;
    this.json = json;
  }

  /**
   * Removes the agent containers whose session keep refuses: left by an engine that stopped between
   * starting a container and recording its agent, or whose session was ended while the engine could
   * not reach Docker. Returns how many went.
   */
  public int removeAllBut(Predicate<String> keep) {
    int removed = 0;
    for (var container : docker.agentContainers().entrySet()) {
      if (!keep.test(container.getValue())) {
        docker.removeForcibly(container.getKey());
        removed++;
      }
    }
    return removed;
  }

  @Override
  public void start(
      String session, Path socket, Path dir, Map<String, String> env, List<String> command) {
    String name = AgentContainers.containerName(session);
    docker.removeForcibly(name); // an earlier life of this session (a restart)
    List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", WATCH, "devflow-agent"));
    cmd.add(socket.toString());
    cmd.addAll(command);
    String id = docker.create(name, containers.createBody(json, session, dir, env, cmd));
    docker.start(id);
  }
}
