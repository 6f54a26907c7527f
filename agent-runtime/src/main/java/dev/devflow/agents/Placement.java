package dev.devflow.agents;

import java.nio.file.Path;

/** Where an agent runs: its session, its worktree and its branch. */
public record Placement(String session, Path worktree, String branch) {}
