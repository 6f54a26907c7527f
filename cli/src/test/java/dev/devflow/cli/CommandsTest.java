package dev.devflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.cli.home.DevflowHome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** up, status and down end to end, with fake services and an external DATABASE_URL. */
@Timeout(60)
class CommandsTest {

  private static final Map<String, String> EXTERNAL_DB =
      Map.of("DATABASE_URL", "postgresql://db.example/devflow");

  @TempDir Path root;

  @Test
  void upFailsCleanlyWhenAServiceCannotStart() {
    DevflowHome home = new DevflowHome(root);
    Services services =
        Fakes.table(
            Fakes.ready("hub", Fakes.freePort(), true, 0),
            Fakes.failing("engine", Fakes.freePort()));
    StringWriter err = new StringWriter();

    int exitCode = execute(home, services, new StringWriter(), err, "up", "--timeout", "30");

    assertThat(exitCode).isEqualTo(1);
    assertThat(err.toString().lines().findFirst().orElseThrow())
        .isEqualTo(
            "devflow: engine failed to start (exit code 1); see "
                + DevflowHome.display(home.log("engine")));
    assertNothingRunning(home, services);
  }

  @Test
  void upRunsUntilStoppedAndStatusAndDownSeeIt() throws Exception {
    DevflowHome home = new DevflowHome(root);
    Services services =
        Fakes.table(
            Fakes.ready("hub", Fakes.freePort(), true, 300),
            Fakes.ready("gateway", Fakes.freePort(), false, 0));
    StringWriter upOut = new StringWriter();
    CompletableFuture<Integer> up =
        CompletableFuture.supplyAsync(
            () -> execute(home, services, upOut, new StringWriter(), "up", "--timeout", "30"));
    awaitFile(home.readyMarker(), up);

    StringWriter status = new StringWriter();
    assertThat(execute(home, services, status, new StringWriter(), "status")).isZero();
    assertThat(status.toString()).contains("external", "ready").doesNotContain("not ready");
    assertThat(upOut.toString())
        .contains("DevFlow is up in ", "/health/ready", "external (DATABASE_URL)");

    // The supervisor is this JVM, which down must not signal: stop the run as a signal would.
    home.pidFile(DevflowHome.SUPERVISOR).delete();
    StringWriter down = new StringWriter();
    assertThat(execute(home, services, down, new StringWriter(), "down")).isZero();
    assertThat(down.toString()).contains("stopped hub", "stopped gateway", "DevFlow is down.");
    assertNothingRunning(home, services);
    assertThat(up.get(20, TimeUnit.SECONDS)).isNotNull();

    StringWriter after = new StringWriter();
    assertThat(execute(home, services, after, new StringWriter(), "status"))
        .isEqualTo(StatusCommand.NOT_RUNNING);
    assertThat(after.toString()).contains("stopped").doesNotContain("running");
  }

  @Test
  void downStopsServicesLeftByACrashedSupervisor() throws Exception {
    DevflowHome home = new DevflowHome(root);
    Services services = Fakes.table(Fakes.ready("orphan", Fakes.freePort(), false, 0));
    Process orphan = Fakes.startOrphan(services.all().get(0).port());
    home.pidFile("orphan").write(orphan.pid());

    StringWriter out = new StringWriter();
    assertThat(execute(home, services, out, new StringWriter(), "down")).isZero();

    assertThat(out.toString()).contains("stopped orphan (pid " + orphan.pid() + ")");
    assertThat(orphan.isAlive()).isFalse();
    StringWriter again = new StringWriter();
    assertThat(execute(home, services, again, new StringWriter(), "down")).isZero();
    assertThat(again.toString().strip()).isEqualTo("DevFlow is not running.");
  }

  private static void awaitFile(Path file, CompletableFuture<Integer> up) throws Exception {
    Instant deadline = Instant.now().plusSeconds(40);
    while (!Files.exists(file)) {
      assertThat(up).isNotDone();
      assertThat(Instant.now()).isBefore(deadline);
      Thread.sleep(100);
    }
  }

  private static void assertNothingRunning(DevflowHome home, Services services) {
    for (Service service : services.all()) {
      assertThat(home.pidFile(service.name()).path()).doesNotExist();
      assertThat(Preflight.isFree(service.port())).isTrue();
    }
    assertThat(home.readyMarker()).doesNotExist();
  }

  private static int execute(
      DevflowHome home, Services services, StringWriter out, StringWriter err, String... args) {
    return DevflowCommand.commandLine(home, services, EXTERNAL_DB, home.root())
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }
}
