package dev.devflow.workflowengine.runner;

import dev.devflow.common.tenant.TenantSlug;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens for runner commands and answers queued by any engine replica ({@code devflow_runners},
 * {@code devflow_runner_answers}); reconnects with backoff when the database goes away.
 */
@ApplicationScoped
public class RunnerNotices {

  private static final Logger LOG = Logger.getLogger(RunnerNotices.class);

  private final AgroalDataSource dataSource;
  private volatile boolean running;
  private Thread thread;

  public RunnerNotices(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  void start(BiConsumer<String, Long> commandQueued, BiConsumer<String, Long> answered) {
    running = true;
    thread = new Thread(() -> run(commandQueued, answered), "devflow-runner-notices");
    thread.setDaemon(true);
    thread.start();
  }

  void stop() {
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
  }

  private void run(BiConsumer<String, Long> commandQueued, BiConsumer<String, Long> answered) {
    long backoff = 500;
    while (running) {
      try (Connection c = dataSource.getConnection()) {
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + RunnerCommands.CHANNEL);
          s.execute("LISTEN " + RunnerCommands.ANSWERS);
        }
        backoff = 500;
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] notifications = pg.getNotifications(1_000);
          if (notifications == null) {
            c.isValid(2);
            continue;
          }
          for (PGNotification n : notifications) {
            dispatch(n, commandQueued, answered);
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (running) {
          LOG.warnf(
              "Runner notices lost the database (%s); retrying in %d ms", e.getMessage(), backoff);
          sleep(backoff);
          backoff = Math.min(backoff * 2, 5_000);
        }
      }
    }
  }

  private static void dispatch(
      PGNotification n, BiConsumer<String, Long> commandQueued, BiConsumer<String, Long> answered) {
    String[] parts = n.getParameter().split(":", 2);
    if (parts.length != 2 || !TenantSlug.isValid(parts[0]) || !parts[1].matches("\\d{1,18}")) {
      return;
    }
    long id = Long.parseLong(parts[1]);
    try {
      if (RunnerCommands.CHANNEL.equals(n.getName())) {
        commandQueued.accept(parts[0], id);
      } else {
        answered.accept(parts[0], id);
      }
    } catch (RuntimeException e) {
      LOG.warnf("Handling a runner notice failed: %s", e.getMessage());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
