package dev.devflow.knowledgehub.concurrent;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/** The service's background threads, and waiting for their work. */
public final class Threads {

  private Threads() {}

  /** Daemon threads named {@code name}: none of them may keep the JVM from shutting down. */
  public static ThreadFactory daemon(String name) {
    return daemon(name, Thread.NORM_PRIORITY);
  }

  public static ThreadFactory daemon(String name, int priority) {
    return task -> {
      Thread t = new Thread(task, name);
      t.setDaemon(true);
      t.setPriority(priority);
      return t;
    };
  }

  /**
   * The future's value; its failure rethrown as it was thrown when it is unchecked (the same error
   * as if the work had run on this thread), wrapped otherwise. {@code what} names the work.
   */
  public static <T> T join(Future<T> future, String what) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " was interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
    }
  }
}
