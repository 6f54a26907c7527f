package dev.devflow.workflowengine.agent;

import java.util.List;

/** A page of an agent's pane log. */
public record PaneLog(long agentId, int totalLines, int offset, List<String> lines, boolean live) {}
