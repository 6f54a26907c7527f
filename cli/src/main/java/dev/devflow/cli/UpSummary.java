package dev.devflow.cli;

import dev.devflow.cli.home.DevflowHome;
import java.io.PrintWriter;
import java.time.Duration;

/** What {@code up} prints once everything is ready: where each part answers, and the time. */
final class UpSummary {

  private static final String ROW = "  %-22s %s%n";

  private UpSummary() {}

  /** {@code database} is what to show for PostgreSQL: its URL, or a note that it is external. */
  static void print(
      PrintWriter out, Services services, DevflowHome home, String database, Duration took) {
    services
        .find(Services.API_GATEWAY)
        .ifPresent(gateway -> out.printf(ROW, "API", gateway.baseUrl() + "/api/v1"));
    for (Service service : services.all()) {
      out.printf(ROW, service.name(), service.readyUrl());
    }
    out.printf(ROW, "PostgreSQL", database);
    out.printf(ROW, "Logs", DevflowHome.display(home.logs()));
    out.printf("DevFlow is up in %s%n", Processes.seconds(took));
    out.flush();
  }
}
