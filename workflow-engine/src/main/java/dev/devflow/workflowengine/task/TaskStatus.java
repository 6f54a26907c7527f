package dev.devflow.workflowengine.task;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** A task's status and the transitions allowed out of it. */
public enum TaskStatus {
  QUEUED,
  ASSIGNED,
  RUNNING,
  BLOCKED,
  REVIEW,
  DONE,
  FAILED,
  CANCELLED;

  /** The statuses this one may move to; done and cancelled are final. */
  public Set<TaskStatus> next() {
    return switch (this) {
      case QUEUED -> EnumSet.of(ASSIGNED, BLOCKED, CANCELLED);
      case ASSIGNED -> EnumSet.of(RUNNING, QUEUED, FAILED, CANCELLED);
      case RUNNING -> EnumSet.of(REVIEW, DONE, BLOCKED, FAILED, CANCELLED, QUEUED);
      case BLOCKED -> EnumSet.of(QUEUED, RUNNING, REVIEW, DONE, FAILED, CANCELLED);
      case REVIEW -> EnumSet.of(DONE, RUNNING, QUEUED, FAILED, CANCELLED);
      case FAILED -> EnumSet.of(QUEUED, CANCELLED);
      case DONE, CANCELLED -> EnumSet.noneOf(TaskStatus.class);
    };
  }

  public boolean canMoveTo(TaskStatus target) {
    return next().contains(target);
  }

  public boolean terminal() {
    return this == DONE || this == CANCELLED;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<TaskStatus> parse(String value) {
    for (TaskStatus s : values()) {
      if (s.wire().equals(value)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
