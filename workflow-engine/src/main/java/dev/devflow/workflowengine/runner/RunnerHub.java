package dev.devflow.workflowengine.runner;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.tenant.TenantSlug;
import dev.devflow.workflowengine.agent.AgentReports;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The runners' connections to this engine: {@code /api/v1/runners/connect} (a WebSocket, reached
 * through the api-gateway with a runner key). A runner says hello with what it serves, receives its
 * tenant's commands, answers them, and reports its agents' state. Commands reach it through {@link
 * RunnerCommands}, whichever replica queued them.
 */
@ApplicationScoped
public class RunnerHub {

  private static final Logger LOG = Logger.getLogger(RunnerHub.class);
  static final String PATH = "/api/v1/runners/connect";

  /** One runner's open connection. */
  private record Link(String tenant, long runnerId, ServerWebSocket socket) {}

  private final RunnerStore store;
  private final RunnerCommands commands;
  private final RunnerSocketAuth auth;
  private final AgentReports reports;
  private final TenantSql db;
  private final ObjectMapper json;
  private final Vertx vertx;
  private final Map<String, Link> links = new ConcurrentHashMap<>();
  private final String engineId =
      Optional.ofNullable(System.getenv("HOSTNAME")).orElse("engine")
          + "-"
          + UUID.randomUUID().toString().substring(0, 8);
  private final RunnerNotices notices;

  public RunnerHub(
      RunnerStore store,
      RunnerCommands commands,
      RunnerSocketAuth auth,
      AgentReports reports,
      TenantSql db,
      ObjectMapper json,
      Vertx vertx,
      RunnerNotices notices) {
    this.store = store;
    this.commands = commands;
    this.auth = auth;
    this.reports = reports;
    this.db = db;
    this.json = json;
    this.vertx = vertx;
    this.notices = notices;
  }

  void install(@Observes Router router) {
    router.route(PATH).order(-100).handler(this::upgrade);
  }

  void onStart(@Observes StartupEvent event) {
    notices.start(this::flushNoticed, commands::answerNoticed);
  }

  void onStop(@Observes ShutdownEvent event) {
    notices.stop();
    links.values().forEach(l -> l.socket().close((short) 1001, "engine stopping"));
  }

  /** Whether this engine holds the runner's connection now. */
  public boolean holds(String tenant, long runnerId) {
    return links.containsKey(tenant + ":" + runnerId);
  }

  private void upgrade(RoutingContext ctx) {
    RunnerSocketAuth.Identity who;
    try {
      who = auth.identify(ctx.request());
    } catch (RunnerSocketAuth.Refused refused) {
      ctx.response()
          .setStatusCode(refused.status())
          .putHeader("Content-Type", "application/problem+json")
          .end(refused.problem(PATH));
      return;
    }
    ctx.request()
        .toWebSocket()
        .onSuccess(socket -> accept(who, socket))
        .onFailure(e -> LOG.debugf("Runner WebSocket upgrade failed: %s", e.getMessage()));
  }

  private void accept(RunnerSocketAuth.Identity who, ServerWebSocket socket) {
    long[] runnerId = {0};
    socket.textMessageHandler(
        text ->
            vertx
                .executeBlocking(
                    () -> {
                      runnerId[0] = received(who, socket, runnerId[0], text);
                      return null;
                    },
                    true)
                .onFailure(
                    e -> {
                      LOG.warnf("Runner message refused: %s", e.getMessage());
                      send(socket, error(e.getMessage()));
                    }));
    socket.closeHandler(
        v -> {
          if (runnerId[0] != 0) {
            Link link = links.get(who.tenant() + ":" + runnerId[0]);
            if (link != null && link.socket() == socket) {
              links.remove(who.tenant() + ":" + runnerId[0]);
              vertx.executeBlocking(
                  () -> {
                    store.disconnect(who.tenant(), runnerId[0], engineId);
                    return null;
                  },
                  false);
              LOG.infof("Runner %d of %s disconnected", runnerId[0], who.tenant());
            }
          }
        });
  }

  /** Handles one message from a runner; returns the runner's id once it said hello. */
  private long received(RunnerSocketAuth.Identity who, ServerWebSocket socket, long id, String text)
      throws Exception {
    JsonNode message = json.readTree(text);
    String type = message.path("type").asText();
    if (id == 0 && !"hello".equals(type)) {
      throw new IllegalArgumentException("say hello first");
    }
    switch (type) {
      case "hello" -> {
        return hello(who, socket, message);
      }
      case "answer" -> commands.answered(who.tenant(), message.path("commandId").asLong(), message);
      case "status" -> reports.runnerStatus(who.tenant(), id, message.path("agents"));
      case "ping" -> {
        store.seen(who.tenant(), id);
        send(socket, json.createObjectNode().put("type", "pong"));
      }
      default -> throw new IllegalArgumentException("unknown message type '" + type + "'");
    }
    return id;
  }

  private long hello(RunnerSocketAuth.Identity who, ServerWebSocket socket, JsonNode hello) {
    String name = hello.path("name").asText("");
    if (!name.matches("[A-Za-z0-9._-]{1,100}")) {
      throw new IllegalArgumentException("a runner's name is 1-100 letters, digits, . _ -");
    }
    List<Runner.Repository> repositories =
        json.convertValue(hello.path("repositories"), new TypeReference<>() {});
    List<Runner.Kind> kinds = json.convertValue(hello.path("kinds"), new TypeReference<>() {});
    for (Runner.Repository r : repositories) {
      if (r.name() == null || !r.name().matches("[A-Za-z0-9._/-]{1,200}")) {
        throw new IllegalArgumentException("a repository's name is 1-200 of A-Z a-z 0-9 . _ / -");
      }
    }
    long id =
        store.connect(
            who.tenant(),
            name,
            repositories,
            kinds,
            hello.path("version").asText(null),
            who.user(),
            engineId);
    Link previous = links.put(who.tenant() + ":" + id, new Link(who.tenant(), id, socket));
    if (previous != null && previous.socket() != socket) {
      previous.socket().close((short) 4000, "replaced by a newer connection of this runner");
    }
    LOG.infof(
        "Runner %s (%d) of %s connected, serving %s", name, id, who.tenant(), repositories.size());
    ObjectNode welcome = json.createObjectNode().put("type", "welcome").put("runnerId", id);
    welcome.put("tenant", who.tenant());
    welcome.set("liveAgents", json.valueToTree(reports.liveAgentIds(who.tenant(), id)));
    send(socket, welcome);
    commands.resendUnanswered(who.tenant(), id);
    flush(who.tenant(), id);
    return id;
  }

  private void flushNoticed(String tenant, long runnerId) {
    if (holds(tenant, runnerId)) {
      flush(tenant, runnerId);
    }
  }

  /** Sends the runner every command queued for it that has not gone out yet. */
  void flush(String tenant, long runnerId) {
    Link link = links.get(tenant + ":" + runnerId);
    if (link == null || !TenantSlug.isValid(tenant)) {
      return;
    }
    for (RunnerCommands.Command c : commands.takeUnsent(tenant, runnerId)) {
      ObjectNode message = json.createObjectNode().put("type", "command").put("id", c.id());
      message.put("command", c.type());
      if (c.agentId() != null) {
        message.put("agentId", c.agentId());
      }
      message.set("payload", c.payload());
      send(link.socket(), message);
    }
  }

  private ObjectNode error(String detail) {
    return json.createObjectNode().put("type", "error").put("detail", detail);
  }

  private void send(ServerWebSocket socket, ObjectNode message) {
    if (!socket.isClosed()) {
      socket.writeTextMessage(message.toString());
    }
  }

  /** For the engine's start: connections held by a previous run of this engine are gone. */
  public String engineId() {
    return engineId;
  }
}
