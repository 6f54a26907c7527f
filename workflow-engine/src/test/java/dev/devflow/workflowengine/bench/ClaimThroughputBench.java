package dev.devflow.workflowengine.bench;

import static dev.devflow.workflowengine.support.EngineApi.aRun;
import static dev.devflow.workflowengine.support.TestRepos.aRepo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.workflowengine.support.EngineTestResource;
import dev.devflow.workflowengine.task.Task;
import dev.devflow.workflowengine.task.TaskService;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Claim throughput: 8 concurrent claimers over HTTP against one run's queue (target 500 claims/s),
 * and proof that no task was handed out twice. Not run by CI; see bench/workflows/README.md.
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(EngineTestResource.class)
class ClaimThroughputBench {

  private static final int TASKS = Integer.getInteger("bench.claim.tasks", 4000);
  private static final int CLAIMERS = 8;

  @Inject AgroalDataSource dataSource;
  @Inject TaskService tasks;
  @Inject ObjectMapper json;

  @TestHTTPResource("/")
  URI base;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void eightClaimersDrainTheQueueWithoutDoubleClaims() throws Exception {
    long run = aRun(aRepo());
    seed(run);
    // Warm-up on a second run so JIT and pools are hot before measuring.
    long warm = aRun(aRepo());
    seedN(warm, 300);
    drain(warm);

    long start = System.nanoTime();
    List<Long> claimed = drain(run);
    report("over HTTP", run, claimed, (System.nanoTime() - start) / 1e9);

    long direct = aRun(aRepo());
    seed(direct);
    start = System.nanoTime();
    List<Long> claimedDirectly = drainInProcess(direct);
    report("in process (TaskService)", direct, claimedDirectly, (System.nanoTime() - start) / 1e9);
  }

  private void report(String how, long run, List<Long> claimed, double seconds) throws Exception {
    assertThat(claimed).hasSize(TASKS);
    assertThat(new HashSet<>(claimed)).hasSize(TASKS);
    assertThat(assignedOnce(run)).isEqualTo(TASKS);
    BenchSupport.print(
        String.format(
            "claim throughput %s: %d claims by %d concurrent claimers in %.2f s = %.0f claims/s;"
                + " double claims: %d",
            how,
            TASKS,
            CLAIMERS,
            seconds,
            TASKS / seconds,
            claimed.size() - new HashSet<>(claimed).size()));
  }

  private List<Long> drainInProcess(long run) throws Exception {
    List<Long> claimed = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(CLAIMERS);
    List<Future<?>> workers = new ArrayList<>();
    for (int i = 0; i < CLAIMERS; i++) {
      workers.add(
          pool.submit(
              () -> {
                Optional<Task> next;
                while ((next = tasks.claimNext("local", run)).isPresent()) {
                  claimed.add(next.get().id());
                }
              }));
    }
    for (Future<?> w : workers) {
      w.get();
    }
    pool.shutdown();
    return claimed;
  }

  private List<Long> drain(long run) throws Exception {
    List<Long> claimed = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(CLAIMERS);
    List<Future<?>> workers = new ArrayList<>();
    for (int i = 0; i < CLAIMERS; i++) {
      workers.add(
          pool.submit(
              () -> {
                HttpRequest claim =
                    HttpRequest.newBuilder(base.resolve("api/v1/runs/" + run + "/tasks/claim"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build();
                while (true) {
                  HttpResponse<String> r = http.send(claim, HttpResponse.BodyHandlers.ofString());
                  if (r.statusCode() == 204) {
                    return null;
                  }
                  assertThat(r.statusCode()).isEqualTo(200);
                  claimed.add(json.readTree(r.body()).get("id").asLong());
                }
              }));
    }
    for (Future<?> w : workers) {
      w.get();
    }
    pool.shutdown();
    return claimed;
  }

  private void seed(long run) throws Exception {
    seedN(run, TASKS);
  }

  /** Inserts queued tasks directly: the benchmark measures claiming, not creating. */
  private void seedN(long run, int n) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO tenant_local.tasks (run_id, phase, phase_index, title, priority, status)"
                    + " VALUES (?, 'implement', 0, ?, ?, 'queued')")) {
      for (int i = 0; i < n; i++) {
        ps.setLong(1, run);
        ps.setString(2, "bench task " + i);
        ps.setInt(3, i % 7);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private int assignedOnce(long run) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM tenant_local.tasks WHERE run_id = ? AND status = 'assigned'")) {
      ps.setLong(1, run);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
