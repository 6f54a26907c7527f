package dev.devflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.cli.home.DevflowHome;
import dev.devflow.cli.home.EmbeddedDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {

  @TempDir Path root;

  @Test
  @Timeout(120)
  void dataOfOneRunIsThereInTheNext() throws Exception {
    DevflowHome home = new DevflowHome(root);
    int port = Fakes.freePort();
    Postmaster postmaster = new Postmaster(home.postgresData());

    try (EmbeddedDatabase first = EmbeddedDatabase.start(home, port)) {
      assertThat(first.url())
          .isEqualTo("postgresql://postgres:postgres@localhost:" + port + "/devflow");
      assertThat(postmaster.port()).hasValue(port);
      assertThat(postmaster.process()).isPresent();
      try (Connection connection = first.dataSource().getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE kept (note text)");
        statement.execute("INSERT INTO kept VALUES ('from the first run')");
      }
    }
    assertThat(postmaster.process()).isEmpty();

    try (EmbeddedDatabase second = EmbeddedDatabase.start(home, port);
        Connection connection = second.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT note FROM kept")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("from the first run");
    }
    assertThat(postmaster.process()).isEmpty();
    assertThat(Preflight.isFree(port)).isTrue();
  }
}
