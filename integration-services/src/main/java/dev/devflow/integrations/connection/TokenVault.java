package dev.devflow.integrations.connection;

import dev.devflow.integrations.secret.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Seals and opens a connection's credentials. Each ciphertext is bound to its tenant, connection
 * and column, so a value moved to another row or tenant does not decrypt.
 */
@ApplicationScoped
public class TokenVault {

  private final Secrets secrets;

  public TokenVault(Secrets secrets) {
    this.secrets = secrets;
  }

  public String seal(String tenant, UUID connection, String column, String plain) {
    return plain == null
        ? null
        : secrets.cipher().encrypt(plain, context(tenant, connection, column));
  }

  public String open(String tenant, UUID connection, String column, String sealed) {
    return sealed == null
        ? null
        : secrets.cipher().decrypt(sealed, context(tenant, connection, column));
  }

  private static String context(String tenant, UUID connection, String column) {
    return tenant + "/" + connection + "/" + column;
  }
}
