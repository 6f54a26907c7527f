package dev.devflow.integrations.secret;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.jboss.logging.Logger;

/**
 * The local-mode encryption key: made once with 32 random bytes in an owner-only file under the
 * DevFlow home, so a single developer's `devflow up` needs no SECRET_ENCRYPTION_KEY. Deleting the
 * file makes the stored tokens unreadable (reconnect), as losing any key would.
 */
final class LocalKey {

  private static final Logger LOG = Logger.getLogger(LocalKey.class);

  private LocalKey() {}

  static synchronized String ring(Path file) {
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      return "local:" + Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new ProblemException(
          ProblemType.UNAVAILABLE,
          "No SECRET_ENCRYPTION_KEY and the local key file cannot be used: " + e.getMessage());
    }
  }

  private static void create(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException raced) {
      return;
    } catch (UnsupportedOperationException notPosix) {
      // Not a POSIX file system (Windows): the file gets the directory's default permissions.
      Files.createFile(file);
      LOG.warnf(
          "Could not restrict %s to its owner on this file system; protect it yourself or set"
              + " SECRET_ENCRYPTION_KEY",
          file);
    }
    Files.writeString(file, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
    LOG.infof("Created the local encryption key for integration tokens at %s", file);
  }
}
