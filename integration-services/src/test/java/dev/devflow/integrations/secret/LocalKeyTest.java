package dev.devflow.integrations.secret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.integrations.crypto.SecretCipher;
import dev.devflow.integrations.support.FakeProviders;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(FakeProviders.class)
class LocalKeyTest {

  @Test
  void theLocalKeyIsMadeOnceOwnerOnlyAndKeepsDecryptingAcrossRestarts() throws Exception {
    Path dir = Files.createTempDirectory("devflow-home");
    Path file = dir.resolve("secrets/integrations.key");
    try {
      String sealed =
          SecretCipher.parse(LocalKey.ring(file)).encrypt("gho_local", "local/c/access_token");

      assertThat(Files.getPosixFilePermissions(file))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(SecretCipher.parse(LocalKey.ring(file)).decrypt(sealed, "local/c/access_token"))
          .isEqualTo("gho_local");
      assertThat(Files.readString(file)).doesNotContain("gho_local");
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(file.getParent());
      Files.deleteIfExists(dir);
    }
  }
}
