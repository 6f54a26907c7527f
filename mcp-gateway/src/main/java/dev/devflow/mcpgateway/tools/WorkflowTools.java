package dev.devflow.mcpgateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devflow.mcpgateway.access.CallerAuthorization;
import dev.devflow.mcpgateway.workflow.WorkflowEngineClient;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Workflow runs and their tasks as MCP tools: what to do now, and reporting what was done. */
@ApplicationScoped
@ToolCallLogged
public class WorkflowTools {

  static final String SERVICE = "workflow-engine";
  static final String STATUSES = "queued|assigned|running|blocked|review|done|failed|cancelled";

  private final WorkflowEngineClient engine;
  private final CallerAuthorization caller;

  public WorkflowTools(WorkflowEngineClient engine, CallerAuthorization caller) {
    this.engine = engine;
    this.caller = caller;
  }

  @Tool(
      name = "list_workflows",
      description = "List the workflow definitions: their names, versions and phases.",
      annotations =
          @Tool.Annotations(
              title = "List workflows",
              readOnlyHint = true,
              destructiveHint = false,
              idempotentHint = true,
              openWorldHint = false))
  public Uni<ToolResponse> listWorkflows() {
    return recover(
        engine
            .workflows(caller.header())
            .map(list -> Replies.json(list.size() + " workflow definition(s).", list)));
  }

  @Tool(
      name = "list_runs",
      description = "List workflow runs, newest first, with their repository, branch and status.",
      annotations =
          @Tool.Annotations(
              title = "List runs",
              readOnlyHint = true,
              destructiveHint = false,
              idempotentHint = true,
              openWorldHint = false))
  public Uni<ToolResponse> listRuns() {
    return recover(
        engine.runs(caller.header()).map(list -> Replies.json(list.size() + " run(s).", list)));
  }

  @Tool(
      name = "get_current_phase",
      description =
          "Get the phase a run is in now: its instructions, done criteria, validation"
              + " and open tasks. Read this before starting work on a run, and again after"
              + " finishing a task.",
      annotations =
          @Tool.Annotations(
              title = "Current phase",
              readOnlyHint = true,
              destructiveHint = false,
              idempotentHint = true,
              openWorldHint = false))
  public Uni<ToolResponse> getCurrentPhase(
      @ToolArg(description = "The run's id.") @Min(1) long runId) {
    return recover(engine.currentPhase(caller.header(), runId).map(WorkflowTools::phase));
  }

  @Tool(
      name = "list_tasks",
      description = "List a run's tasks in every phase, optionally only those with a status.",
      annotations =
          @Tool.Annotations(
              title = "List tasks",
              readOnlyHint = true,
              destructiveHint = false,
              idempotentHint = true,
              openWorldHint = false))
  public Uni<ToolResponse> listTasks(
      @ToolArg(description = "The run's id.") @Min(1) long runId,
      @ToolArg(description = "Only tasks with this status: " + STATUSES + ".", required = false)
          @Pattern(regexp = STATUSES)
          String status) {
    return recover(
        engine
            .tasks(caller.header(), runId, status)
            .map(list -> Replies.json(list.size() + " task(s) in run " + runId + ".", list)));
  }

  @Tool(
      name = "get_task",
      description =
          "Get one task: phase, title, description, status, dependencies, result"
              + " summary, commits and merge commit.",
      annotations =
          @Tool.Annotations(
              title = "Get a task",
              readOnlyHint = true,
              destructiveHint = false,
              idempotentHint = true,
              openWorldHint = false))
  public Uni<ToolResponse> getTask(@ToolArg(description = "The task's id.") @Min(1) long taskId) {
    return recover(
        engine.task(caller.header(), taskId).map(task -> Replies.json(summary(task), task)));
  }

  @Tool(
      name = "create_task",
      description =
          "Add a task to a running run, in any of its phases (e.g. a follow-up found"
              + " while working). It starts queued; dependsOn lists task ids that must finish"
              + " first.",
      annotations =
          @Tool.Annotations(
              title = "Create a task",
              readOnlyHint = false,
              destructiveHint = false,
              idempotentHint = false,
              openWorldHint = false))
  public Uni<ToolResponse> createTask(
      @ToolArg(description = "The run's id.") @Min(1) long runId,
      @ToolArg(description = "The phase's name, as get_current_phase shows it.")
          @Size(min = 1, max = 200)
          String phase,
      @ToolArg(description = "A short imperative title (1-500 chars).") @Size(min = 1, max = 500)
          String title,
      @ToolArg(description = "What to do and how to know it is done.", required = false)
          @Size(max = 20_000)
          String description,
      @ToolArg(description = "Higher runs first, -1000 to 1000.", defaultValue = "0")
          @Min(-1000)
          @Max(1000)
          int priority,
      @ToolArg(description = "Ids of tasks of this run that must finish first.", required = false)
          @Size(max = 100)
          List<Long> dependsOn) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("phase", phase).put("title", title).put("priority", priority);
    if (description != null) {
      body.put("description", description);
    }
    if (dependsOn != null) {
      dependsOn.forEach(body.putArray("dependsOn")::add);
    }
    return recover(
        engine
            .createTask(caller.header(), runId, body)
            .map(task -> Replies.json("Created " + summary(task), task)));
  }

  @Tool(
      name = "claim_next_task",
      description =
          "Claim the next ready task of a run (queued, dependencies done, highest"
              + " priority first) so no other agent takes it. Answers that nothing is ready when"
              + " every task is taken or waiting.",
      annotations =
          @Tool.Annotations(
              title = "Claim the next task",
              readOnlyHint = false,
              destructiveHint = false,
              idempotentHint = false,
              openWorldHint = false))
  public Uni<ToolResponse> claimNextTask(
      @ToolArg(description = "The run's id.") @Min(1) long runId) {
    return recover(
        engine
            .claimNext(caller.header(), runId)
            .map(
                claimed ->
                    claimed
                        .map(
                            task ->
                                Replies.json(
                                    "Claimed "
                                        + summary(task)
                                        + " Set it running with update_task_status when you start.",
                                    task))
                        .orElseGet(
                            () ->
                                ToolResponse.success(
                                    "No task of run "
                                        + runId
                                        + " is ready: all are taken, finished or waiting for dependencies."))));
  }

  @Tool(
      name = "update_task_status",
      description =
          "Move a task to another status ("
              + STATUSES
              + "), with a result summary"
              + " or a reason. Moving to done merges the task's branch, like report_task_complete;"
              + " cancelled is final.",
      annotations =
          @Tool.Annotations(
              title = "Update task status",
              readOnlyHint = false,
              destructiveHint = true,
              idempotentHint = false,
              openWorldHint = false))
  public Uni<ToolResponse> updateTaskStatus(
      @ToolArg(description = "The task's id.") @Min(1) long taskId,
      @ToolArg(description = "The new status: " + STATUSES + ".") @Pattern(regexp = STATUSES)
          String status,
      @ToolArg(description = "What was done (for review or done).", required = false)
          @Size(max = 20_000)
          String resultSummary,
      @ToolArg(description = "Why (for blocked, failed or cancelled).", required = false)
          @Size(max = 2_000)
          String reason) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("status", status);
    if (resultSummary != null) {
      body.put("resultSummary", resultSummary);
    }
    if (reason != null) {
      body.put("reason", reason);
    }
    return recover(
        engine
            .updateStatus(caller.header(), taskId, body)
            .map(task -> Replies.json("Updated " + summary(task), task)));
  }

  @Tool(
      name = "report_progress",
      description =
          "Report progress on a task you are working on; people watching the"
              + " dashboard see it live. Use it at milestones, not for every step.",
      annotations =
          @Tool.Annotations(
              title = "Report progress",
              readOnlyHint = false,
              destructiveHint = false,
              idempotentHint = false,
              openWorldHint = false))
  public Uni<ToolResponse> reportProgress(
      @ToolArg(description = "The task's id.") @Min(1) long taskId,
      @ToolArg(description = "What has been done or is happening (1-2000 chars).")
          @Size(min = 1, max = 2_000)
          String message,
      @ToolArg(description = "How far along, 0-100.", required = false) @Min(0) @Max(100)
          Integer percent) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("message", message);
    if (percent != null) {
      body.put("percent", percent);
    }
    return recover(
        engine
            .progress(caller.header(), taskId, body)
            .map(ack -> ToolResponse.success("Progress on task " + taskId + " recorded.")));
  }

  @Tool(
      name = "report_task_complete",
      description =
          "Report a task done with a summary of what was done. DevFlow then merges"
              + " the task's branch into the run's base branch; the answer says whether the merge"
              + " succeeded or which files conflict.",
      annotations =
          @Tool.Annotations(
              title = "Report task complete",
              readOnlyHint = false,
              destructiveHint = false,
              idempotentHint = false,
              openWorldHint = false))
  public Uni<ToolResponse> reportTaskComplete(
      @ToolArg(description = "The task's id.") @Min(1) long taskId,
      @ToolArg(description = "What was done, for the reviewers (1-20000 chars).")
          @Size(min = 1, max = 20_000)
          String resultSummary) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("resultSummary", resultSummary);
    return recover(
        engine
            .complete(caller.header(), taskId, body)
            .map(task -> Replies.json("Reported " + summary(task), task)));
  }

  private static Uni<ToolResponse> recover(Uni<ToolResponse> call) {
    return call.onFailure().recoverWithItem(e -> ToolFailures.toResponse(SERVICE, e));
  }

  static String summary(JsonNode task) {
    String merge = Replies.text(task, "mergeCommit");
    return "task "
        + task.path("id").asLong()
        + " \""
        + Replies.text(task, "title")
        + "\" ("
        + Replies.text(task, "phase")
        + ", "
        + Replies.text(task, "status")
        + ")"
        + (merge.isEmpty() ? "." : ", merged as " + merge + ".");
  }

  private static ToolResponse phase(JsonNode current) {
    JsonNode phase = current.path("phase");
    String head =
        current.path("finished").asBoolean()
            ? "Run " + current.path("runId").asLong() + " has finished all its phases."
            : "Run "
                + current.path("runId").asLong()
                + " is in phase "
                + (current.path("index").asInt() + 1)
                + " of "
                + current.path("phaseCount").asInt()
                + ": "
                + Replies.text(phase, "name")
                + ". Instructions: "
                + Replies.text(phase, "instructions");
    return Replies.json(head, current);
  }
}
