package dev.devflow.agents.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What every agent container gets: the agent image, one network (never the host's), the volumes
 * holding the tmux sockets, worktrees and repositories (mounted at the same paths as in the engine,
 * so paths mean the same on both sides), a user, and CPU, memory and process limits. No Docker
 * socket, no added capability, a read-only root file system with a private {@code /tmp}.
 *
 * @param volumes {@code volume-name:/path} each
 * @param user the uid (or uid:gid) the engine's tmux client runs as: tmux serves only its own user
 */
public record AgentContainers(
    String image,
    String network,
    List<String> volumes,
    String user,
    long memoryBytes,
    double cpus,
    long pids) {

  /** The label that marks DevFlow's agent containers; its value is the agent's session. */
  public static final String LABEL = "dev.devflow.agent";

  public AgentContainers {
    if (image == null || image.isBlank()) {
      throw new IllegalArgumentException("The agent image is not set");
    }
    if (network == null || network.isBlank() || "host".equals(network)) {
      throw new IllegalArgumentException(
          "Agent containers need a network of their own, not " + network);
    }
    for (String volume : volumes) {
      if (!volume.matches("[A-Za-z0-9][A-Za-z0-9_.-]*:/.*")) {
        throw new IllegalArgumentException("Not a volume-name:/path mount: " + volume);
      }
    }
    volumes = List.copyOf(volumes);
  }

  public static String containerName(String session) {
    return "devflow-agent-" + session;
  }

  /** The create request for a session's container running command. */
  public ObjectNode createBody(
      ObjectMapper json, String session, Path dir, Map<String, String> env, List<String> command) {
    ObjectNode body = json.createObjectNode();
    body.put("Image", image);
    ArrayNode cmd = body.putArray("Cmd");
    command.forEach(cmd::add);
    ArrayNode variables = body.putArray("Env");
    env.forEach((k, v) -> variables.add(k + "=" + v));
    body.put("User", user);
    body.put("WorkingDir", dir.toString());
    body.putObject("Labels").put(LABEL, session);
    ObjectNode host = body.putObject("HostConfig");
    host.put("NetworkMode", network);
    ArrayNode mounts = host.putArray("Mounts");
    for (String volume : volumes) {
      int colon = volume.indexOf(':');
      mounts
          .addObject()
          .put("Type", "volume")
          .put("Source", volume.substring(0, colon))
          .put("Target", volume.substring(colon + 1));
    }
    host.put("Memory", memoryBytes);
    host.put("NanoCpus", Math.round(cpus * 1e9));
    host.put("PidsLimit", pids);
    host.put("AutoRemove", true);
    host.put("Init", true);
    host.put("ReadonlyRootfs", true);
    host.putObject("Tmpfs").put("/tmp", "rw,nosuid,nodev,size=512m");
    host.putArray("CapDrop").add("ALL");
    host.putArray("SecurityOpt").add("no-new-privileges:true");
    return body;
  }
}
