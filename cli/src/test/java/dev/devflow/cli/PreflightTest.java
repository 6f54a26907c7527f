package dev.devflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.cli.home.DevflowHome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreflightTest {

  @TempDir Path home;

  @Test
  void busyServicePortStopsUpBeforeAnythingStarts() throws Exception {
    int free = Fakes.freePort();
    try (ServerSocket holder = new ServerSocket(0)) {
      int busy = holder.getLocalPort();
      Services services =
          Fakes.table(
              Fakes.ready("first", free, false, 0), Fakes.ready("busy-hub", busy, false, 0));
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();

      int exitCode = run(services, Map.of(), out, err, "up");

      assertThat(exitCode).isEqualTo(1);
      assertThat(err.toString().lines())
          .containsExactly(
              "devflow: port "
                  + busy
                  + " (busy-hub) is already in use; stop what holds it or run 'devflow down'");
      assertThat(out.toString()).isEmpty();
      assertNothingStarted(free);
    }
  }

  @Test
  void busyPostgresPortIsReportedWhenPostgresIsToBeStarted() throws Exception {
    int free = Fakes.freePort();
    try (ServerSocket holder = new ServerSocket(0)) {
      int busy = holder.getLocalPort();
      Services services = Fakes.table(Fakes.ready("hub", free, true, 0));
      StringWriter err = new StringWriter();

      int exitCode = run(services, Map.of(), new StringWriter(), err, "up", "--pg-port", "" + busy);

      assertThat(exitCode).isEqualTo(1);
      assertThat(err.toString().strip())
          .isEqualTo(
              "devflow: port "
                  + busy
                  + " (postgres) is already in use; stop what holds it or run 'devflow down'");
      assertNothingStarted(free);
    }
  }

  @Test
  void postgresPortIsNotCheckedWithAnExternalDatabase() throws Exception {
    try (ServerSocket holder = new ServerSocket(0)) {
      Services services = Fakes.table(Fakes.ready("hub", Fakes.freePort(), true, 0));

      assertThat(new Preflight(new DevflowHome(home), services).check(OptionalInt.empty()))
          .isEmpty();
      assertThat(
              new Preflight(new DevflowHome(home), services)
                  .check(OptionalInt.of(holder.getLocalPort())))
          .isPresent();
    }
  }

  @Test
  void aLiveSupervisorMeansDevflowIsAlreadyRunning() throws Exception {
    Process other = Fakes.startOrphan(Fakes.freePort());
    try {
      DevflowHome devflowHome = new DevflowHome(home);
      devflowHome.pidFile(DevflowHome.SUPERVISOR).write(other.pid());
      Services services = Fakes.table(Fakes.ready("hub", Fakes.freePort(), false, 0));

      assertThat(new Preflight(devflowHome, services).check(OptionalInt.empty()))
          .contains(
              "devflow: DevFlow is already running (pid "
                  + other.pid()
                  + "); see 'devflow status', or stop it with 'devflow down'");
    } finally {
      other.destroyForcibly().waitFor();
    }
  }

  @Test
  void aMissingBuildIsNamed() {
    Path jar = home.resolve("knowledge-hub/target/quarkus-app/quarkus-run.jar");
    Services services =
        new Services(List.of(Fakes.ready("hub", Fakes.freePort(), false, 0)), List.of(jar));

    assertThat(new Preflight(new DevflowHome(home), services).check(OptionalInt.empty()))
        .hasValueSatisfying(message -> assertThat(message).startsWith("devflow: " + jar));
  }

  private void assertNothingStarted(int freePort) {
    assertThat(Files.exists(home.resolve("run"))).isFalse();
    assertThat(Files.exists(home.resolve("logs"))).isFalse();
    assertThat(Preflight.isFree(freePort)).isTrue();
  }

  private int run(
      Services services,
      Map<String, String> env,
      StringWriter out,
      StringWriter err,
      String... arguments) {
    return DevflowCommand.commandLine(new DevflowHome(home), services, env, home)
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(arguments);
  }
}
