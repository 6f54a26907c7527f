package dev.devflow.mcpgateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.mcpgateway.support.Mcp;
import dev.devflow.mcpgateway.support.RealUpstreams;
import dev.devflow.mcpgateway.support.Upstreams;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** An agent's day through MCP against the real workflow-engine: read, claim, report, complete. */
@QuarkusTest
@QuarkusTestResource(value = RealUpstreams.class, restrictToAnnotatedClass = true)
class WorkflowToolsTest {

  @Test
  void anAgentReadsThePhaseClaimsReportsAndCompletesATask() {
    long runId = Upstreams.aRun();
    Mcp mcp = Mcp.connect();
    assertThat(mcp.ok("list_workflows", Map.of())).contains("mcp-").contains("plan");
    assertThat(mcp.ok("list_runs", Map.of())).contains("\"id\" : " + runId);

    String phase = mcp.ok("get_current_phase", Map.of("runId", runId));
    assertThat(phase)
        .startsWith("Run " + runId + " is in phase 1 of 2: plan.")
        .contains("Write the plan in PLAN.md.")
        .contains("PLAN.md exists");

    String created =
        mcp.ok(
            "create_task",
            Map.of("runId", runId, "phase", "plan", "title", "Write PLAN.md", "priority", 5));
    long taskId = id(created, "Created task (\\d+)");
    mcp.ok(
        "create_task",
        Map.of(
            "runId", runId, "phase", "build", "title", "Build it", "dependsOn", List.of(taskId)));
    assertThat(mcp.ok("list_tasks", Map.of("runId", runId))).contains("Write PLAN.md", "Build it");
    assertThat(mcp.ok("list_tasks", Map.of("runId", runId, "status", "queued")))
        .startsWith("2 task(s)");

    String claimed = mcp.ok("claim_next_task", Map.of("runId", runId));
    assertThat(id(claimed, "Claimed task (\\d+)")).isEqualTo(taskId);
    assertThat(mcp.ok("claim_next_task", Map.of("runId", runId))).contains("No task of run");

    mcp.ok("update_task_status", Map.of("taskId", taskId, "status", "running"));
    assertThat(
            mcp.ok(
                "report_progress",
                Map.of("taskId", taskId, "message", "outline done", "percent", 50)))
        .contains("recorded");
    String done =
        mcp.ok(
            "report_task_complete", Map.of("taskId", taskId, "resultSummary", "PLAN.md written"));
    assertThat(done).contains("(plan, done)");
    assertThat(mcp.ok("get_task", Map.of("taskId", taskId)))
        .contains("\"resultSummary\" : \"PLAN.md written\"");
    assertThat(mcp.ok("get_current_phase", Map.of("runId", runId))).contains("phase 2 of 2: build");
  }

  @Test
  void refusalsAndBadArgumentsAreToolErrorsAModelCanActOn() {
    long runId = Upstreams.aRun();
    Mcp mcp = Mcp.connect();
    assertThat(mcp.error("get_task", Map.of("taskId", 987654)))
        .contains("Not found")
        .contains("Fix the arguments");
    assertThat(mcp.error("create_task", Map.of("runId", runId, "phase", "deploy", "title", "x")))
        .contains("no phase 'deploy'")
        .contains("argument: phase");
    assertThat(mcp.error("update_task_status", Map.of("taskId", 1, "status", "finished")))
        .contains("status");
    assertThat(mcp.error("report_progress", Map.of("taskId", 1, "message", "x", "percent", 150)))
        .contains("percent");
    assertThat(mcp.error("get_current_phase", Map.of("runId", 0))).contains("runId");
    long taskId =
        id(
            mcp.ok("create_task", Map.of("runId", runId, "phase", "plan", "title", "t")),
            "Created task (\\d+)");
    assertThat(
            mcp.error("report_task_complete", Map.of("taskId", taskId, "resultSummary", "early")))
        .contains("HTTP 409");
  }

  @Test
  void tasksAndDocumentsCanBeReadAsResources() {
    long runId = Upstreams.aRun();
    Mcp mcp = Mcp.connect();
    long taskId =
        id(
            mcp.ok(
                "create_task", Map.of("runId", runId, "phase", "plan", "title", "Resource task")),
            "Created task (\\d+)");
    mcp.client()
        .when()
        .resourcesRead(
            "devflow://tasks/" + taskId,
            r -> assertThat(r.firstContents().asText().text()).contains("Resource task"))
        .resourcesRead("devflow://tasks/987654")
        .withErrorAssert(e -> assertThat(e.code()).isEqualTo(-32002))
        .send()
        .resourcesTemplatesList(
            page ->
                assertThat(page.templates())
                    .extracting(t -> t.uriTemplate())
                    .contains("devflow://documents/{id}", "devflow://tasks/{id}"))
        .thenAssertResults();
  }

  private static long id(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as(text).isTrue();
    return Long.parseLong(m.group(1));
  }
}
