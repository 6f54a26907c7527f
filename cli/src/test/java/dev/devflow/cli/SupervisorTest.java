package dev.devflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.cli.home.DevflowHome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SupervisorTest {

  private static final Map<String, String> ENV =
      Map.of("DEVFLOW_MODE", "local", "DATABASE_URL", "postgresql://db.example/devflow");

  @TempDir Path root;
  private final StringWriter out = new StringWriter();
  private Supervisor supervisor;

  @AfterEach
  void stopWhatIsLeft() {
    if (supervisor != null) {
      supervisor.stop();
    }
  }

  @Test
  void waitsUntilEveryServiceIsReadyThenStopsThemAll() throws Exception {
    DevflowHome home = new DevflowHome(root);
    Service slow = Fakes.ready("slow-hub", Fakes.freePort(), true, 1500);
    Service quick = Fakes.ready("no-db-gateway", Fakes.freePort(), false, 0);
    supervisor = supervisor(home, Fakes.table(slow, quick));

    supervisor.start(ENV);
    List<ServiceProcess> processes = supervisor.snapshot();
    Optional<String> failure = supervisor.awaitReady(Instant.now(), Duration.ofSeconds(30));

    assertThat(failure).isEmpty();
    assertThat(out.toString()).contains("slow-hub", "no-db-gateway", "ready in");
    assertThat(new ReadinessProbe().isReady(slow)).isTrue();
    assertThat(home.pidFile("slow-hub").read()).hasValue(processes.get(0).pid());
    assertThat(Files.readString(home.log("slow-hub")))
        .contains("DEVFLOW_MODE=local", "DATABASE_URL=postgresql://db.example/devflow");
    assertThat(Files.readString(home.log("no-db-gateway"))).contains("DATABASE_URL=null");

    supervisor.stop();

    assertAllStopped(home, processes);
    assertThat(new ReadinessProbe().isReady(slow)).isFalse();
  }

  @Test
  void aServiceThatExitsGivesOneLineNamingItsLog() throws Exception {
    DevflowHome home = new DevflowHome(root);
    Service healthy = Fakes.ready("healthy", Fakes.freePort(), true, 0);
    Service broken = Fakes.failing("broken", Fakes.freePort());
    supervisor = supervisor(home, Fakes.table(healthy, broken));

    supervisor.start(ENV);
    List<ServiceProcess> processes = supervisor.snapshot();
    Optional<String> failure = supervisor.awaitReady(Instant.now(), Duration.ofSeconds(30));
    supervisor.stop();

    assertThat(failure).isPresent();
    List<String> lines = failure.get().lines().toList();
    assertThat(lines.get(0))
        .isEqualTo(
            "devflow: broken failed to start (exit code 1); see "
                + DevflowHome.display(home.log("broken")));
    assertThat(lines).contains("    boom: cannot connect to the database");
    assertAllStopped(home, processes);
  }

  @Test
  void aServiceNeverReadyFailsAtTheTimeout() throws Exception {
    DevflowHome home = new DevflowHome(root);
    supervisor =
        supervisor(home, Fakes.table(Fakes.ready("sleepy", Fakes.freePort(), true, 60_000)));

    supervisor.start(ENV);
    List<ServiceProcess> processes = supervisor.snapshot();
    Instant start = Instant.now();
    Optional<String> failure = supervisor.awaitReady(start, Duration.ofSeconds(2));
    supervisor.stop();

    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(20));
    assertThat(failure.orElseThrow().lines().findFirst().orElseThrow())
        .startsWith("devflow: sleepy failed to start (not ready after 2 s); see ");
    assertAllStopped(home, processes);
  }

  @Test
  void aServiceKilledWhileRunningIsRestartedAndServesAgain() throws Exception {
    DevflowHome home = new DevflowHome(root);
    Service hub = Fakes.ready("hub", Fakes.freePort(), true, 0);
    Service gateway = Fakes.ready("gateway", Fakes.freePort(), false, 0);
    supervisor = supervisor(home, Fakes.table(hub, gateway));
    supervisor.firstBackoff(Duration.ofMillis(100));
    supervisor.start(ENV);
    assertThat(supervisor.awaitReady(Instant.now(), Duration.ofSeconds(30))).isEmpty();
    StringWriter err = new StringWriter();
    Thread watcher = new Thread(() -> supervisor.watch(new PrintWriter(err, true)));
    watcher.start();
    long killed = supervisor.snapshot().get(0).pid();
    ProcessHandle.of(killed).orElseThrow().destroyForcibly();

    Instant deadline = Instant.now().plusSeconds(30);
    while (supervisor.snapshot().get(0).pid() == killed || !new ReadinessProbe().isReady(hub)) {
      assertThat(Instant.now()).as("hub restarted and ready").isBefore(deadline);
      Thread.sleep(100);
    }
    assertThat(err.toString()).contains("devflow: hub exited on its own (exit code 137)");
    assertThat(home.pidFile("hub").read()).hasValue(supervisor.snapshot().get(0).pid());
    assertThat(ServiceStates.read(home, "hub")).hasValue("running (restarted 1 time)");
    assertThat(Files.readString(home.log("hub"))).contains("restarting it in");
    // The other service never noticed.
    assertThat(new ReadinessProbe().isReady(gateway)).isTrue();

    // Stopped on purpose (devflow down): nothing is restarted.
    supervisor.stop();
    watcher.join(10_000);
    assertThat(watcher.isAlive()).isFalse();
    Thread.sleep(500);
    assertThat(new ReadinessProbe().isReady(hub)).isFalse();
  }

  @Test
  void aServiceThatKeepsExitingIsGivenUpOnAfterBackingOff() throws Exception {
    DevflowHome home = new DevflowHome(root);
    supervisor = supervisor(home, Fakes.table(Fakes.failing("flaky", Fakes.freePort())));
    supervisor.firstBackoff(Duration.ofMillis(20));
    supervisor.start(ENV);
    StringWriter err = new StringWriter();
    Thread watcher = new Thread(() -> supervisor.watch(new PrintWriter(err, true)));
    watcher.start();
    watcher.join(45_000);

    assertThat(watcher.isAlive()).as("the watch ends once it gave up").isFalse();
    assertThat(err.toString().lines().filter(l -> l.contains("restarting it in")).count())
        .isEqualTo(Supervisor.MAX_RESTARTS);
    assertThat(err.toString()).contains("exited (exit code 1) 5 times in a row; not restarting it");
    assertThat(ServiceStates.read(home, "flaky").orElseThrow()).startsWith("gave up");
    assertThat(Files.readString(home.log("flaky"))).contains("devflow: gave up on flaky");
  }

  private Supervisor supervisor(DevflowHome home, Services services) {
    return new Supervisor(services, home, new ReadinessProbe(), new PrintWriter(out, true));
  }

  private static void assertAllStopped(DevflowHome home, List<ServiceProcess> processes) {
    for (ServiceProcess process : processes) {
      assertThat(ProcessHandle.of(process.pid()).filter(ProcessHandle::isAlive)).isEmpty();
      assertThat(home.pidFile(process.service().name()).path()).doesNotExist();
    }
  }
}
