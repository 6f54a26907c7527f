package dev.devflow.workflowengine.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.common.tenant.TenantSlug;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the engine asks of runners: each command a row in the tenant's {@code runner_commands},
 * announced with {@code NOTIFY devflow_runners} so that whichever engine replica holds the runner's
 * connection sends it, and answered the same way ({@code devflow_runner_answers}) so that the
 * replica waiting for the answer gets it. A command waits for a runner that reconnects.
 */
@ApplicationScoped
public class RunnerCommands {

  /** Channel announcing new commands: payload {@code <tenant>:<runnerId>}. */
  public static final String CHANNEL = "devflow_runners";

  /** Channel announcing answers: payload {@code <tenant>:<commandId>}. */
  public static final String ANSWERS = "devflow_runner_answers";

  /** One command as sent to a runner. */
  public record Command(long id, Long agentId, String type, JsonNode payload) {}

  private final TenantSql db;
  private final Map<String, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();

  public RunnerCommands(TenantSql db) {
    this.db = db;
  }

  /**
   * Queues a command and announces it, committed at once whatever transaction the caller is in (a
   * completion waits for the runner's merge inside its own): the replica holding the runner's
   * connection must see it now. Returns its id.
   */
  public long enqueue(String tenant, long runnerId, Long agentId, String type, Object payload) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              long id =
                  db.insert(
                      TenantSlug.of(tenant),
                      "INSERT INTO {schema}.runner_commands (runner_id, agent_id, type, payload)"
                          + " VALUES (?, ?, ?, ?::jsonb) RETURNING id",
                      runnerId,
                      agentId,
                      type,
                      db.toJson(payload));
              notify(tenant, CHANNEL, tenant + ":" + runnerId);
              return id;
            });
  }

  /**
   * Queues a command and waits for the runner's answer; a refusal or no answer in time is a problem
   * the caller sees (502 and 504: the runner is the upstream here).
   */
  public JsonNode call(
      String tenant, long runnerId, Long agentId, String type, Object payload, Duration timeout) {
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    long id;
    synchronized (waiting) {
      id = enqueue(tenant, runnerId, agentId, type, payload);
      waiting.put(key(tenant, id), answer);
    }
    try {
      JsonNode result = awaitAnswer(tenant, id, answer, timeout);
      if (!result.path("ok").asBoolean()) {
        throw new ProblemException(
            ProblemType.BAD_GATEWAY,
            "The runner could not " + type + ": " + result.path("error").asText("no reason given"));
      }
      return result.path("result");
    } finally {
      waiting.remove(key(tenant, id));
    }
  }

  private JsonNode awaitAnswer(
      String tenant, long id, CompletableFuture<JsonNode> answer, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        return answer.get(200, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // The notice may have gone to another replica's listener only: look at the row.
        Optional<JsonNode> stored = storedAnswer(tenant, id);
        if (stored.isPresent()) {
          return stored.get();
        }
        if (System.nanoTime() > deadline) {
          throw new ProblemException(
              ProblemType.GATEWAY_TIMEOUT,
              "The runner did not answer within " + timeout.toSeconds() + " s.");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProblemException(ProblemType.UNAVAILABLE, "Interrupted waiting for the runner.");
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
  }

  /** Marks the runner's unsent commands sent and returns them, oldest first. */
  public List<Command> takeUnsent(String tenant, long runnerId) {
    return db
        .list(
            TenantSlug.of(tenant),
            "UPDATE {schema}.runner_commands SET sent_at = now() WHERE id IN (SELECT id FROM"
                + " {schema}.runner_commands WHERE runner_id = ? AND sent_at IS NULL ORDER BY id FOR UPDATE"
                + " SKIP LOCKED) RETURNING id, agent_id, type, payload::text",
            rs ->
                new Command(
                    rs.getLong(1),
                    (Long) rs.getObject(2),
                    rs.getString(3),
                    readTree(rs.getString(4))),
            runnerId)
        .stream()
        .sorted(java.util.Comparator.comparingLong(Command::id))
        .toList();
  }

  /** After a reconnect: commands sent but never answered in the last minutes go out again. */
  public void resendUnanswered(String tenant, long runnerId) {
    db.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.runner_commands SET sent_at = NULL WHERE runner_id = ? AND answered_at IS NULL"
            + " AND sent_at IS NOT NULL AND created_at > now() - interval '2 minutes'",
        runnerId);
  }

  /** A runner answered: stored, and the waiting replica told. */
  public void answered(String tenant, long commandId, JsonNode answer) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                db.update(
                    TenantSlug.of(tenant),
                    "UPDATE {schema}.runner_commands SET answered_at = now(), answer = ?::jsonb"
                        + " WHERE id = ?",
                    db.toJson(answer),
                    commandId));
    CompletableFuture<JsonNode> local = waiting.get(key(tenant, commandId));
    if (local != null) {
      local.complete(answer);
    } else {
      notify(tenant, ANSWERS, tenant + ":" + commandId);
    }
  }

  /** Another replica stored an answer this one may be waiting for. */
  void answerNoticed(String tenant, long commandId) {
    CompletableFuture<JsonNode> local = waiting.get(key(tenant, commandId));
    if (local != null) {
      storedAnswer(tenant, commandId).ifPresent(local::complete);
    }
  }

  private Optional<JsonNode> storedAnswer(String tenant, long id) {
    return QuarkusTransaction.requiringNew().call(() -> storedAnswerNow(tenant, id));
  }

  private Optional<JsonNode> storedAnswerNow(String tenant, long id) {
    return db.one(
            TenantSlug.of(tenant),
            "SELECT answer::text FROM {schema}.runner_commands WHERE id = ? AND answered_at IS NOT NULL",
            rs -> rs.getString(1),
            id)
        .map(
            text -> {
              try {
                return db.json().readTree(text);
              } catch (java.io.IOException e) {
                ObjectNode broken = db.json().createObjectNode();
                return broken.put("ok", false).put("error", "unreadable answer");
              }
            });
  }

  private JsonNode readTree(String text) {
    try {
      return db.json().readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("A stored command is not JSON", e);
    }
  }

  private void notify(String tenant, String channel, String payload) {
    db.one(
        TenantSlug.of(tenant), "SELECT pg_notify(?, ?)", rs -> rs.getObject(1), channel, payload);
  }

  private static String key(String tenant, long id) {
    return tenant + ":" + id;
  }
}
