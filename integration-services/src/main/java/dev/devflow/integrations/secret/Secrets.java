package dev.devflow.integrations.secret;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.integrations.config.IntegrationsConfig;
import dev.devflow.integrations.crypto.SecretCipher;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service's own secrets: the OAuth client secrets and the encryption key ring. Each comes from
 * the environment; a value written {@code op://vault/item/field} is read from 1Password Connect
 * instead (once, then kept in memory). Values are never logged.
 */
@ApplicationScoped
public class Secrets {

  private final IntegrationsConfig config;
  private final OnePasswordClient onePassword;
  private final boolean local;
  private final Map<String, String> resolved = new ConcurrentHashMap<>();
  private volatile SecretCipher cipher;

  public Secrets(
      IntegrationsConfig config,
      OnePasswordClient onePassword,
      dev.devflow.common.config.DevflowConfig devflow) {
    this.config = config;
    this.onePassword = onePassword;
    this.local = !devflow.deploymentMode().isMultiTenant();
  }

  /** The cipher for tokens; 503 when SECRET_ENCRYPTION_KEY is not set or malformed. */
  public SecretCipher cipher() {
    SecretCipher current = cipher;
    if (current == null) {
      String ring =
          config
              .encryptionKeys()
              .map(this::resolve)
              .or(
                  () ->
                      local ? Optional.of(LocalKey.ring(config.localKeyFile())) : Optional.empty())
              .orElseThrow(
                  () ->
                      new ProblemException(
                          ProblemType.UNAVAILABLE,
                          "Integrations are disabled: set SECRET_ENCRYPTION_KEY (32 random bytes"
                              + " in base64) so tokens can be stored encrypted."));
      try {
        current = SecretCipher.parse(ring);
      } catch (IllegalArgumentException e) {
        throw new ProblemException(
            ProblemType.UNAVAILABLE, "SECRET_ENCRYPTION_KEY is malformed: " + e.getMessage());
      }
      cipher = current;
    }
    return current;
  }

  /** A configured secret, resolved through 1Password Connect when it is an op:// reference. */
  public String resolve(String value) {
    if (!value.startsWith("op://")) {
      return value;
    }
    return resolved.computeIfAbsent(value, this::readOnePassword);
  }

  /** The client secret of a provider, if configured. */
  public Optional<String> clientSecret(Optional<String> configured) {
    return configured.map(this::resolve);
  }

  private String readOnePassword(String reference) {
    String[] parts = reference.substring("op://".length()).split("/", 3);
    if (parts.length != 3 || !onePassword.configured()) {
      throw new ProblemException(
          ProblemType.UNAVAILABLE,
          "A secret refers to 1Password (op://vault/item/field) but OP_CONNECT_HOST and"
              + " OP_CONNECT_TOKEN are not both set, or the reference is malformed.");
    }
    return onePassword
        .read(parts[0], parts[1], parts[2])
        .orElseThrow(
            () ->
                new ProblemException(
                    ProblemType.UNAVAILABLE,
                    "1Password Connect has no field '"
                        + parts[2]
                        + "' in item '"
                        + parts[1]
                        + "' of vault '"
                        + parts[0]
                        + "'."));
  }
}
