package dev.devflow.workflowengine.guardian;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.devflow.workflowengine.support.EngineApi.aFileTask;
import static dev.devflow.workflowengine.support.EngineApi.aRun;
import static dev.devflow.workflowengine.support.EngineApi.await;
import static dev.devflow.workflowengine.support.EngineApi.awaitTask;
import static dev.devflow.workflowengine.support.EngineApi.createTask;
import static dev.devflow.workflowengine.support.EngineApi.spawn;
import static dev.devflow.workflowengine.support.TestRepos.aRepo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.workflowengine.support.EngineTestResource;
import dev.devflow.workflowengine.support.Events;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** The Guardian on real agents: rules (idle) and the model's trajectory judgment (WireMock). */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(EngineTestResource.class)
class GuardianTest {

  private static final Duration WAIT = Duration.ofSeconds(40);

  @Inject Events events;

  @ConfigProperty(name = "devflow.workflow-engine.llm.base-url")
  String modelUrl;

  @ConfigProperty(name = "quarkus.datasource.jdbc.url")
  String dbUrl;

  @ConfigProperty(name = "quarkus.datasource.username")
  String dbUser;

  @ConfigProperty(name = "quarkus.datasource.password")
  java.util.Optional<String> dbPassword;

  @Test
  void anIdleAgentGetsAMessageTypedIntoItsSessionAndCarriesOn() {
    long run = aRun(aRepo());
    long task = aFileTask(run, "idle.txt", "done after a nudge");
    long agent = spawn(run, "idle", task).getLong("id");

    JsonPath done = awaitTask(task, WAIT, "done", "failed", "blocked");
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("done");

    List<Map<String, Object>> interventions =
        given()
            .get("/api/v1/tasks/" + task + "/interventions")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$");
    assertThat(interventions).isNotEmpty();
    Map<String, Object> first = interventions.get(0);
    assertThat(first.get("action")).isEqualTo("message");
    assertThat(first.get("detector")).isEqualTo("idle");
    assertThat((String) first.get("reason")).startsWith("no output for");
    assertThat((String) first.get("message")).startsWith("[DevFlow Guardian] You have been idle");
    assertThat(events.types("agent:" + agent)).contains("guardian.intervened");
  }

  @Test
  void aLoopingAgentIsMessagedThenRestartedThenStopped() {
    long run = aRun(aRepo());
    long task = aFileTask(run, "loop.txt", "never");
    long agent = spawn(run, "loop", task).getLong("id");

    JsonPath stopped =
        dev.devflow.workflowengine.support.EngineApi.awaitAgent(agent, WAIT, "stopped");
    assertThat(stopped.getInt("restarts")).isEqualTo(1);
    List<Map<String, Object>> interventions =
        given()
            .get("/api/v1/tasks/" + task + "/interventions")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$");
    assertThat(interventions)
        .extracting(i -> i.get("action"))
        .containsExactly("message", "message", "restart", "message", "message", "stop");
    assertThat(interventions).extracting(i -> i.get("detector")).containsOnly("looping");
    assertThat((String) interventions.get(0).get("reason")).contains("Error: connection refused");
    JsonPath t = dev.devflow.workflowengine.support.EngineApi.task(task);
    assertThat(t.getString("status")).isEqualTo("blocked");
    assertThat(t.getString("statusReason")).startsWith("agent stopped: Guardian: the same output");
    assertThat(events.types("agent:" + agent))
        .contains("agent.restarted", "agent.stopped")
        .filteredOn("guardian.intervened"::equals)
        .hasSize(6);
  }

  @Test
  void whenTheModelJudgesAnAgentOffTrackItsAdviceIsTypedIn() {
    URI base = URI.create(modelUrl);
    WireMock model = new WireMock(base.getHost(), base.getPort());
    String marker = "steer-me-" + UUID.randomUUID();
    model.register(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(1)
            .withRequestBody(containing(marker))
            .willReturn(
                okJson(
                    EngineTestResource.chat(
                        "{\"on_track\": false, \"reason\": \"it is counting instead of coding\","
                            + " \"message\": \"Stop counting and write the file.\"}"))));
    long run = aRun(aRepo());
    long task = createTask(run, marker, "FILE:h.txt TEXT:h", List.of());
    long agent = spawn(run, "heartbeat", task).getLong("id");

    List<Map<String, Object>> interventions =
        awaitInterventions(agent, "a trajectory intervention");
    Map<String, Object> first = interventions.get(0);
    assertThat(first.get("detector")).isEqualTo("trajectory");
    assertThat((String) first.get("reason")).contains("it is counting instead of coding");
    assertThat(first.get("message"))
        .isEqualTo("[DevFlow Guardian] Stop counting and write the file.");
    await(
        () ->
            given()
                .get("/api/v1/agents/" + agent + "/log/tail?lines=400")
                .then()
                .extract()
                .jsonPath()
                .getList("lines", String.class),
        lines -> String.join("\n", lines).contains("Stop counting and write the file."),
        WAIT,
        "the advice to show in the pane");
    model.verifyThat(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer test-key-not-secret"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
            .withRequestBody(containing("Write the file the task names and commit it."))
            .withRequestBody(containing(marker)));
    cancel(agent);
  }

  @Test
  void aModelThatIsBusyIsAskedAgainAfterItsRetryAfter() {
    URI base = URI.create(modelUrl);
    WireMock model = new WireMock(base.getHost(), base.getPort());
    String marker = "busy-model-" + UUID.randomUUID();
    model.register(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(1)
            .inScenario(marker)
            .whenScenarioStateIs(Scenario.STARTED)
            .withRequestBody(containing(marker))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
            .willSetStateTo("free"));
    model.register(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(1)
            .inScenario(marker)
            .whenScenarioStateIs("free")
            .withRequestBody(containing(marker))
            .willReturn(
                okJson(
                    EngineTestResource.chat(
                        "{\"on_track\": false, \"reason\": \"it waits for nothing\","
                            + " \"message\": \"Write the file now.\"}"))));
    long run = aRun(aRepo());
    long task = createTask(run, marker, "FILE:b.txt TEXT:b", List.of());
    long agent = spawn(run, "heartbeat", task).getLong("id");

    List<Map<String, Object>> interventions =
        awaitInterventions(agent, "a trajectory intervention after the model's 429");
    assertThat((String) interventions.get(0).get("reason")).contains("it waits for nothing");
    List<com.github.tomakehurst.wiremock.verification.LoggedRequest> asked =
        model.find(
            postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(marker)));
    assertThat(asked).hasSizeGreaterThanOrEqualTo(2);
    assertThat(asked.get(1).getLoggedDate().getTime() - asked.get(0).getLoggedDate().getTime())
        .as("the second call waited for Retry-After: 1")
        .isGreaterThanOrEqualTo(900);
    cancel(agent);
  }

  /**
   * The model's judgement is an LLM call of the tenant's plan: with none left this month the
   * Guardian does not ask (the rules still watch), and it asks again once the plan allows it. The
   * plans are the api-gateway's control schema, migrated here from its own files.
   */
  @Test
  void aTenantWithNoLlmCallsLeftGetsNoModelJudgementUntilItsPlanAllowsOne() throws Exception {
    try (Connection c = DriverManager.getConnection(dbUrl, dbUser, dbPassword.orElse(""))) {
      Flyway.configure()
          .dataSource(dbUrl, dbUser, dbPassword.orElse(""))
          .schemas("devflow")
          .defaultSchema("devflow")
          .table("flyway_control_history")
          .locations("filesystem:../api-gateway/src/main/resources/db/control")
          .load()
          .migrate();
      try (Statement s = c.createStatement()) {
        s.executeUpdate(
            "INSERT INTO devflow.plans (id, name, max_llm_calls_per_month, requests_per_minute)"
                + " VALUES ('no_calls', 'No calls', 0, 1000) ON CONFLICT (id) DO NOTHING");
        s.executeUpdate("UPDATE devflow.tenants SET plan = 'no_calls' WHERE slug = 'local'");
      }
      URI base = URI.create(modelUrl);
      WireMock model = new WireMock(base.getHost(), base.getPort());
      String marker = "no-calls-" + UUID.randomUUID();
      model.register(
          post(urlEqualTo("/v1/chat/completions"))
              .atPriority(1)
              .withRequestBody(containing(marker))
              .willReturn(
                  okJson(
                      EngineTestResource.chat(
                          "{\"on_track\": false, \"reason\": \"paid advice\","
                              + " \"message\": \"Write the file.\"}"))));
      long refusedBefore = refusals();
      long run = aRun(aRepo());
      long task = createTask(run, marker, "FILE:q.txt TEXT:q", List.of());
      long agent = spawn(run, "heartbeat", task).getLong("id");
      try {
        await(
            GuardianTest::refusals,
            n -> n >= refusedBefore + 2,
            WAIT,
            "the Guardian to be refused the model twice");
        assertThat(
                model.find(
                    postRequestedFor(urlEqualTo("/v1/chat/completions"))
                        .withRequestBody(containing(marker))))
            .as("no call to the model without calls left")
            .isEmpty();
        assertThat(interventionsOf(agent)).isEmpty();

        try (Statement s = c.createStatement()) {
          s.executeUpdate("UPDATE devflow.tenants SET plan = 'enterprise' WHERE slug = 'local'");
        }
        List<Map<String, Object>> interventions =
            awaitInterventions(agent, "a trajectory intervention once the plan allows calls");
        assertThat((String) interventions.get(0).get("reason")).contains("paid advice");
        try (Statement s = c.createStatement();
            ResultSet rs =
                s.executeQuery(
                    "SELECT used FROM devflow.consume_usage('local', 'llmCalls', 0, false)")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getLong(1)).as("the judgements counted for the tenant").isPositive();
        }
      } finally {
        try (Statement s = c.createStatement()) {
          s.executeUpdate("UPDATE devflow.tenants SET plan = 'enterprise' WHERE slug = 'local'");
        }
        cancel(agent);
      }
    }
  }

  private static long refusals() {
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    long total = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("devflow_quota_refusals_total{") && line.contains("kind=\"llm_calls\"")) {
        total += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  private static List<Map<String, Object>> interventionsOf(long agent) {
    return given()
        .get("/api/v1/agents/" + agent + "/interventions")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$");
  }

  private static List<Map<String, Object>> awaitInterventions(long agent, String what) {
    return await(
        () ->
            given()
                .get("/api/v1/agents/" + agent + "/interventions")
                .then()
                .extract()
                .jsonPath()
                .<Map<String, Object>>getList("$"),
        list -> !list.isEmpty(),
        WAIT,
        what);
  }

  private static void cancel(long agent) {
    given()
        .contentType("application/json")
        .body("{}")
        .post("/api/v1/agents/" + agent + "/cancel")
        .then()
        .statusCode(200);
  }
}
