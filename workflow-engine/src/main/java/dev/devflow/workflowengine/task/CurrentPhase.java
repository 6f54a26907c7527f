package dev.devflow.workflowengine.task;

import dev.devflow.workflowengine.workflow.WorkflowModel;
import java.util.List;
import java.util.Map;

/**
 * Where a run stands: the first phase not yet finished, with what an agent needs to work in it.
 *
 * @param index the phase's position, 0-based
 * @param finished true when every phase's tasks are done or cancelled
 * @param taskCounts the phase's tasks by status
 * @param openTasks the phase's tasks that are not done or cancelled, by priority
 */
public record CurrentPhase(
    long runId,
    String runStatus,
    int index,
    int phaseCount,
    boolean finished,
    WorkflowModel.Phase phase,
    Map<String, Integer> taskCounts,
    List<Task> openTasks) {}
