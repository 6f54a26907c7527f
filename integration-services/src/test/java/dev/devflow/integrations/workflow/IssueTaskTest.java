package dev.devflow.integrations.workflow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.devflow.integrations.support.Connect.as;
import static dev.devflow.integrations.support.FakeProviders.fleet;
import static dev.devflow.integrations.support.FakeProviders.json;
import static dev.devflow.integrations.support.FakeProviders.wireMock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.devflow.common.auth.Role;
import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.common.testing.TestTokens;
import dev.devflow.integrations.support.Connect;
import dev.devflow.integrations.support.FakeProviders;
import dev.devflow.integrations.support.FleetRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(FakeProviders.class)
class IssueTaskTest {

  private static final String ALPHA = TestTokens.bearer("alpha", Role.MEMBER);

  @Test
  void aGitHubIssueBecomesOneTaskThatLinksBack() {
    String conn = Connect.github(ALPHA, "code-task", "gho_task", "tasker");
    wireMock()
        .stubFor(
            get(urlPathEqualTo("/gh-api/repos/acme/tasks/issues/12"))
                .willReturn(
                    json(
                        "{\"number\":12,\"title\":\"Add dark mode\",\"body\":\"Users want it.\","
                            + "\"html_url\":\"https://github.com/acme/tasks/issues/12\"}")));

    int taskId =
        as(ALPHA)
            .contentType("application/json")
            .body(
                "{\"issue\":\"acme/tasks#12\",\"runId\":7,\"phase\":\"implementation\",\"priority\":5}")
            .post("/api/v1/integrations/connections/" + conn + "/tasks")
            .then()
            .statusCode(201)
            .body("issueUrl", equalTo("https://github.com/acme/tasks/issues/12"))
            .body("runId", equalTo(7))
            .extract()
            .path("taskId");

    FleetRecorder.Request sent =
        fleet().requests().stream()
            .filter(r -> r.path().equals("/api/v1/runs/7/tasks") && r.body().contains("dark mode"))
            .findFirst()
            .orElseThrow();
    assertThat(sent.body())
        .contains("\"title\":\"[acme/tasks#12] Add dark mode\"")
        .contains("Users want it.")
        .contains("From https://github.com/acme/tasks/issues/12")
        .contains("\"phase\":\"implementation\"")
        .contains("\"priority\":5");
    assertThat(sent.authorization()).isEqualTo(ALPHA);
    assertThat(taskId).isPositive();

    as(ALPHA)
        .contentType("application/json")
        .body("{\"issue\":\"acme/tasks#12\",\"runId\":7,\"phase\":\"implementation\"}")
        .post("/api/v1/integrations/connections/" + conn + "/tasks")
        .then()
        .statusCode(409)
        .body("detail", containsString("already task " + taskId));
    as(ALPHA)
        .get("/api/v1/integrations/connections/" + conn + "/tasks")
        .then()
        .statusCode(200)
        .body("[0].issue", equalTo("acme/tasks#12"))
        .body("[0].taskId", equalTo(taskId))
        .body("[0].issueUrl", equalTo("https://github.com/acme/tasks/issues/12"));
  }

  @Test
  void aJiraIssueBecomesATaskWithItsTextAndLink() {
    String conn =
        Connect.atlassian(ALPHA, "code-jtask", "atl-task", "atl-task-r", 3600, "cloud-task");
    wireMock()
        .stubFor(
            get(urlPathEqualTo("/atl-api/ex/jira/cloud-task/rest/api/3/issue/ENG-4"))
                .willReturn(
                    json(
                        "{\"key\":\"ENG-4\",\"fields\":{\"summary\":\"Fix login\",\"description\":{\"type\":\"doc\",\"content\":"
                            + "[{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\"Login fails on Safari.\"}]}]}}}")));

    as(ALPHA)
        .contentType("application/json")
        .body("{\"issue\":\"ENG-4\",\"runId\":8,\"phase\":\"analysis\"}")
        .post("/api/v1/integrations/connections/" + conn + "/tasks")
        .then()
        .statusCode(201)
        .body("issueUrl", equalTo("https://acme.atlassian.net/browse/ENG-4"));
    FleetRecorder.Request sent =
        fleet().requests().stream()
            .filter(r -> r.path().equals("/api/v1/runs/8/tasks"))
            .findFirst()
            .orElseThrow();
    assertThat(sent.body())
        .contains("[ENG-4] Fix login")
        .contains("Login fails on Safari.")
        .contains("browse/ENG-4");
  }

  @Test
  void badIssuesAndRunsAreProblems() {
    String conn = Connect.github(ALPHA, "code-badtask", "gho_badtask", "careless");
    wireMock()
        .stubFor(
            get(urlPathEqualTo("/gh-api/repos/acme/tasks/issues/404"))
                .willReturn(aResponse().withStatus(404)));
    wireMock()
        .stubFor(
            get(urlPathEqualTo("/gh-api/repos/acme/tasks/issues/5"))
                .willReturn(json("{\"title\":\"t\",\"html_url\":\"u\"}")));
    String tasks = "/api/v1/integrations/connections/" + conn + "/tasks";

    as(ALPHA)
        .contentType("application/json")
        .body("{\"issue\":\"ENG-1\",\"runId\":1,\"phase\":\"p\"}")
        .post(tasks)
        .then()
        .statusCode(400)
        .body("field", equalTo("issue"));
    as(ALPHA)
        .contentType("application/json")
        .body("{\"issue\":\"acme/tasks#404\",\"runId\":1,\"phase\":\"p\"}")
        .post(tasks)
        .then()
        .statusCode(422)
        .body("field", equalTo("issue"));
    as(ALPHA)
        .contentType("application/json")
        .body("{\"issue\":\"acme/tasks#5\",\"runId\":404,\"phase\":\"p\"}")
        .post(tasks)
        .then()
        .statusCode(404)
        .body("detail", containsString("No run 404"));
    as(ALPHA)
        .contentType("application/json")
        .body("{\"issue\":\"acme/tasks#5\",\"phase\":\"p\"}")
        .post(tasks)
        .then()
        .statusCode(400);
  }
}
