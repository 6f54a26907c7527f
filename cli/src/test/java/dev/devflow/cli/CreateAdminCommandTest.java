package dev.devflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.cli.home.DevflowHome;
import dev.devflow.cli.home.EmbeddedDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** create-admin against a real control schema: the gateway's own migrations, applied here. */
class CreateAdminCommandTest {

  @TempDir Path root;

  @Test
  @Timeout(120)
  void writesAnAdministratorWhoseKeyTheGatewayCanResolve() throws Exception {
    DevflowHome home = new DevflowHome(root);
    try (EmbeddedDatabase db = EmbeddedDatabase.start(home, Fakes.freePort())) {
      try (Connection c = db.dataSource().getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA devflow; SET search_path = devflow");
        for (String migration : new String[] {"V1__tenants.sql", "V2__accounts.sql"}) {
          s.execute(
              Files.readString(Path.of("../api-gateway/src/main/resources/db/control", migration)));
        }
      }
      StringWriter out = new StringWriter();
      CommandLine cli =
          DevflowCommand.commandLine(home, null, Map.of("DATABASE_URL", db.url()), root);
      cli.setOut(new PrintWriter(out));

      int exit = cli.execute("create-admin", "--email", "Root@Example.com");

      assertThat(exit).isZero();
      Matcher key =
          Pattern.compile("(dfk_([0-9a-f]{12})_[0-9A-Za-z_-]{32})").matcher(out.toString());
      assertThat(key.find()).as(out.toString()).isTrue();
      try (Connection c = db.dataSource().getConnection();
          PreparedStatement s =
              c.prepareStatement("SELECT admin_email, secret_hash FROM devflow.find_api_key(?)")) {
        s.setString(1, key.group(2));
        try (ResultSet rs = s.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("root@example.com");
          assertThat(rs.getBytes(2))
              .isEqualTo(
                  MessageDigest.getInstance("SHA-256")
                      .digest(key.group(1).getBytes(StandardCharsets.UTF_8)));
        }
      }
    }
  }

  @Test
  void aBadEmailIsOneClearLine() {
    StringWriter err = new StringWriter();
    CommandLine cli = DevflowCommand.commandLine(new DevflowHome(root), null, Map.of(), root);
    cli.setErr(new PrintWriter(err));

    assertThat(cli.execute("create-admin", "--email", "nope")).isEqualTo(1);
    assertThat(err.toString().trim()).isEqualTo("devflow: --email must be an email address");
  }
}
