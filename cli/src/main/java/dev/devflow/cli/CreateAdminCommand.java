package dev.devflow.cli;

import dev.devflow.cli.home.ControlDatabaseUrl;
import dev.devflow.cli.home.DevflowHome;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code devflow create-admin}: makes the platform administrator (the spec's on-prem step 9) and
 * prints their API key once. It writes the control schema directly, because before the first
 * administrator nobody can ask the gateway for one. Keys have the gateway's format, {@code dfk_<12
 * hex>_<32 base64url>}, and only their SHA-256 is stored.
 */
@Command(
    name = "create-admin",
    mixinStandardHelpOptions = true,
    description = "Create the platform administrator and print their API key (shown once).")
final class CreateAdminCommand implements Callable<Integer> {

  @Option(names = "--email", required = true, description = "The administrator's email.")
  String email;

  @Spec CommandSpec spec;

  private final DevflowHome home;
  private final Map<String, String> env;

  CreateAdminCommand(DevflowHome home, Map<String, String> env) {
    this.home = home;
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    if (!email.matches("[^@\\s]+@[^@\\s]+")) {
      throw new IllegalArgumentException("--email must be an email address");
    }
    ControlDatabaseUrl url = ControlDatabaseUrl.resolve(env, home);
    String key = newKey();
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.credentials())) {
      c.setAutoCommit(false);
      UUID admin;
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO devflow.platform_admins (email) VALUES (?) ON CONFLICT (email)"
                  + " DO UPDATE SET email = excluded.email RETURNING id")) {
        s.setString(1, email.toLowerCase(java.util.Locale.ROOT));
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          admin = rs.getObject(1, UUID.class);
        }
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO devflow.api_keys (admin_id, name, prefix, secret_hash)"
                  + " VALUES (?, 'platform admin key', ?, ?)")) {
        s.setObject(1, admin);
        s.setString(2, key.substring(4, 16));
        s.setBytes(
            3, MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        s.executeUpdate();
      }
      c.commit();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(
          "could not write the control schema ("
              + e.getMessage()
              + "); has the api-gateway"
              + " started once against this database?");
    }
    spec.commandLine().getOut().println("Platform administrator " + email + " is ready.");
    spec.commandLine().getOut().println("API key (shown once, keep it safe): " + key);
    return 0;
  }

  static String newKey() {
    SecureRandom random = new SecureRandom();
    byte[] prefix = new byte[6];
    byte[] secret = new byte[24];
    random.nextBytes(prefix);
    random.nextBytes(secret);
    return "dfk_"
        + HexFormat.of().formatHex(prefix)
        + "_"
        + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }
}
