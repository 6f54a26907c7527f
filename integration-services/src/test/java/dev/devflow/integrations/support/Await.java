package dev.devflow.integrations.support;

import static dev.devflow.integrations.support.Connect.as;

import java.time.Duration;
import java.time.Instant;

/** Waits for background sync jobs. */
public final class Await {

  private Await() {}

  /** Polls the job until it is done or failed (30 s at most) and returns its status. */
  public static String job(String bearer, String jobId) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      String status =
          as(bearer)
              .get("/api/v1/integrations/sync-jobs/" + jobId)
              .then()
              .statusCode(200)
              .extract()
              .path("status");
      if ("done".equals(status) || "failed".equals(status)) {
        return status;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("Sync job " + jobId + " did not finish within 30 s");
  }
}
