package dev.devflow.cli;

import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Turns Ctrl-C, SIGTERM and SIGHUP into an orderly stop: the services first, then PostgreSQL. */
final class Signals {

  private Signals() {}

  /**
   * Runs {@code stop} and exits on SIGINT, SIGTERM or (unless {@code detached}) SIGHUP. A shutdown
   * hook alone cannot keep that order: EmbeddedPostgres registers its own hook, and the JVM runs
   * all hooks at once, so PostgreSQL would go down under services still shutting down.
   */
  static void onTermination(Runnable stop, boolean detached) {
    if (detached) {
      // Like nohup: a closed terminal must not take down what 'up --detach' left running.
      ignore("HUP");
    }
    for (String name : detached ? List.of("INT", "TERM") : List.of("INT", "TERM", "HUP")) {
      try {
        Signal.handle(
            new Signal(name),
            signal -> {
              stop.run();
              System.exit(0);
            });
      } catch (IllegalArgumentException e) {
        // Signal not available here (or -Xrs): the shutdown hook still stops everything.
      }
    }
  }

  private static void ignore(String name) {
    try {
      Signal.handle(new Signal(name), SignalHandler.SIG_IGN);
    } catch (IllegalArgumentException e) {
      // Not available here: nothing to ignore.
    }
  }
}
