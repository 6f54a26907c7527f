package dev.devflow.agents.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What DevFlow's socket proxy lets through to the Docker socket: the agent image started as the
 * agent user, on the agents' network, with named volumes from a list, under limits, and no way back
 * to the host (no bind mount, privilege, capability, device, host namespace, published port or
 * other container's volumes); and then only start, stop, kill, wait, inspect, and remove of
 * containers that carry DevFlow's agent label. Everything else is refused, so the engine holding
 * the proxy's address cannot become root on the host as it could with the socket itself.
 *
 * @param images the images agents may run
 * @param networks the networks agent containers may join
 * @param volumes the named volumes they may mount
 * @param user the user they run as (never root)
 */
public record ProxyRules(
    Set<String> images, Set<String> networks, Set<String> volumes, String user) {

  /** Allowed, or refused with the reason. */
  public record Verdict(boolean allowed, String reason, Optional<String> container) {
    static Verdict allow() {
      return new Verdict(true, "", Optional.empty());
    }

    static Verdict ifLabelled(String container) {
      return new Verdict(true, "", Optional.of(container));
    }

    static Verdict refuse(String reason) {
      return new Verdict(false, reason, Optional.empty());
    }
  }

  private static final Pattern VERSION = Pattern.compile("^/v\\d+(\\.\\d+)?(?=/)");
  private static final Pattern CONTAINER_ACTION =
      Pattern.compile("^/containers/([A-Za-z0-9][A-Za-z0-9_.-]*)/(start|stop|kill|wait|json)$");
  private static final Pattern CONTAINER =
      Pattern.compile("^/containers/([A-Za-z0-9][A-Za-z0-9_.-]*)$");
  private static final Set<String> TOP_LEVEL =
      Set.of(
          "Image",
          "Cmd",
          "Env",
          "Labels",
          "User",
          "WorkingDir",
          "HostConfig",
          "Hostname",
          "Tty",
          "OpenStdin",
          "StdinOnce",
          "AttachStdin",
          "AttachStdout",
          "AttachStderr",
          "StopSignal",
          "StopTimeout");
  private static final Set<String> HOST_CONFIG =
      Set.of(
          "NetworkMode",
          "Mounts",
          "Memory",
          "NanoCpus",
          "PidsLimit",
          "AutoRemove",
          "Init",
          "ReadonlyRootfs",
          "Tmpfs",
          "CapDrop",
          "SecurityOpt");

  public ProxyRules {
    if (user == null || user.isBlank() || isRoot(user)) {
      throw new IllegalArgumentException("The agents' user must be set and must not be root");
    }
    images = Set.copyOf(images);
    networks = Set.copyOf(networks);
    volumes = Set.copyOf(volumes);
  }

  /** The path without its API version, e.g. {@code /containers/create}. */
  public static String unversioned(String path) {
    return VERSION.matcher(path).replaceFirst("");
  }

  /** Judges a request by its method and path (the create body is judged by {@link #create}). */
  public Verdict route(String method, String path, Map<String, List<String>> query) {
    String p = unversioned(path);
    if (("GET".equals(method) || "HEAD".equals(method))
        && ("/_ping".equals(p) || "/version".equals(p))) {
      return Verdict.allow();
    }
    if ("GET".equals(method) && "/containers/json".equals(p)) {
      return Verdict.allow(); // the proxy narrows the listing to agent containers
    }
    if ("POST".equals(method) && "/containers/create".equals(p)) {
      List<String> name = query.getOrDefault("name", List.of());
      if (name.size() != 1 || !name.get(0).startsWith("devflow-agent-")) {
        return Verdict.refuse("agent containers are named devflow-agent-<session>");
      }
      return Verdict.allow();
    }
    Matcher action = CONTAINER_ACTION.matcher(p);
    if (action.matches()) {
      boolean read = "json".equals(action.group(2));
      if (read ? "GET".equals(method) : "POST".equals(method)) {
        return Verdict.ifLabelled(action.group(1));
      }
    }
    Matcher container = CONTAINER.matcher(p);
    if (container.matches() && "DELETE".equals(method)) {
      return Verdict.ifLabelled(container.group(1));
    }
    return Verdict.refuse(method + " " + p + " is not one of the calls DevFlow's agents need");
  }

  /** Judges a create request's body. */
  public Verdict create(JsonNode body) {
    if (body == null || !body.isObject()) {
      return Verdict.refuse("the create request's body is not a JSON object");
    }
    Optional<String> extra = firstSet(body, TOP_LEVEL);
    if (extra.isPresent()) {
      return Verdict.refuse(extra.get() + " may not be set on an agent container");
    }
    if (body.path("Labels").path(AgentContainers.LABEL).asText("").isBlank()) {
      return Verdict.refuse("Labels." + AgentContainers.LABEL + " is required");
    }
    String image = body.path("Image").asText("");
    if (!images.contains(image)) {
      return Verdict.refuse("Image " + image + " is not the agent image " + images);
    }
    String asUser = body.path("User").asText("");
    if (!user.equals(asUser)) {
      return Verdict.refuse("User must be " + user + ", not '" + asUser + "'");
    }
    JsonNode host = body.path("HostConfig");
    if (!host.isObject()) {
      return Verdict.refuse("HostConfig is required (network, memory and CPU limits)");
    }
    Optional<String> hostExtra = firstSet(host, HOST_CONFIG);
    if (hostExtra.isPresent()) {
      return Verdict.refuse(
          "HostConfig." + hostExtra.get() + " may not be set on an agent container");
    }
    String network = host.path("NetworkMode").asText("");
    if (!networks.contains(network)) {
      return Verdict.refuse("HostConfig.NetworkMode " + network + " is not one of " + networks);
    }
    if (host.path("Memory").asLong(0) <= 0 || host.path("NanoCpus").asLong(0) <= 0) {
      return Verdict.refuse("HostConfig.Memory and HostConfig.NanoCpus must limit the container");
    }
    for (JsonNode mount : host.path("Mounts")) {
      String source = mount.path("Source").asText("");
      if (!"volume".equals(mount.path("Type").asText())
          || !volumes.contains(source)
          || mount.has("BindOptions")
          || !mount.path("VolumeOptions").path("DriverConfig").isMissingNode()) {
        return Verdict.refuse(
            "HostConfig.Mounts may hold only the named volumes " + volumes + ", not " + mount);
      }
    }
    for (JsonNode option : host.path("SecurityOpt")) {
      if (!option.asText().startsWith("no-new-privileges")) {
        return Verdict.refuse("HostConfig.SecurityOpt " + option.asText() + " is not allowed");
      }
    }
    return Verdict.allow();
  }

  /** The only listing the proxy passes on: every container with the agent label, and no other. */
  public static String agentListing(String path) {
    String version = path.substring(0, path.length() - unversioned(path).length());
    return version
        + "/containers/json?all=true&filters="
        + URLEncoder.encode(
            "{\"label\":[\"" + AgentContainers.LABEL + "\"]}", StandardCharsets.UTF_8);
  }

  /** Whether a container's description carries the agent label. */
  public static boolean isAgent(JsonNode inspected) {
    return !inspected
        .path("Config")
        .path("Labels")
        .path(AgentContainers.LABEL)
        .asText("")
        .isBlank();
  }

  private static Optional<String> firstSet(JsonNode object, Set<String> allowed) {
    var names = object.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name) && isSet(object.get(name))) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  private static boolean isSet(JsonNode value) {
    if (value == null || value.isNull()) {
      return false;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isNumber()) {
      return value.asDouble() != 0;
    }
    if (value.isTextual()) {
      return !value.asText().isEmpty();
    }
    return value.size() > 0;
  }

  private static boolean isRoot(String user) {
    String uid = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
    return "0".equals(uid) || "root".equals(uid);
  }
}
