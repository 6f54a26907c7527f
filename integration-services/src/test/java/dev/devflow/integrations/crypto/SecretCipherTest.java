package dev.devflow.integrations.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.integrations.support.FakeProviders;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

// A @QuarkusTest only so that it shares the suite's class loader (a plain test that loads
// devflow-common classes first breaks the Quarkus tests running after it in the same JVM).
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(FakeProviders.class)
class SecretCipherTest {

  private static String key() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return Base64.getEncoder().encodeToString(k);
  }

  @Test
  void oldCiphertextsStillDecryptAfterANewKeyIsPutInFront() {
    String oldKey = key();
    SecretCipher before = SecretCipher.parse("k2025:" + oldKey);
    String sealed = before.encrypt("gho_secret", "alpha/c1/access_token");

    SecretCipher after = SecretCipher.parse("k2026:" + key() + ",k2025:" + oldKey);

    assertThat(after.decrypt(sealed, "alpha/c1/access_token")).isEqualTo("gho_secret");
    assertThat(after.encrypt("x", "ctx")).startsWith("v1.k2026.");
    assertThat(sealed).startsWith("v1.k2025.").doesNotContain("gho_secret");
  }

  @Test
  void aCiphertextMovedToAnotherTenantOrTamperedWithDoesNotDecrypt() {
    SecretCipher cipher = SecretCipher.parse(key());
    String sealed = cipher.encrypt("gho_secret", "alpha/c1/access_token");

    assertThatThrownBy(() -> cipher.decrypt(sealed, "beta/c1/access_token"))
        .isInstanceOf(ProblemException.class);
    String flipped =
        sealed.substring(0, sealed.length() - 3) + (sealed.endsWith("A==") ? "B==" : "A==");
    assertThatThrownBy(() -> cipher.decrypt(flipped, "alpha/c1/access_token"))
        .isInstanceOf(ProblemException.class);
    assertThatThrownBy(() -> SecretCipher.parse(key()).decrypt(sealed, "alpha/c1/access_token"))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("SECRET_ENCRYPTION_KEY");
  }

  @Test
  void malformedKeysAreRefusedWithoutEchoingThem() {
    assertThatThrownBy(() -> SecretCipher.parse("a:c2hvcnQ="))
        .hasMessageContaining("32 random bytes")
        .hasMessageNotContaining("c2hvcnQ");
    assertThatThrownBy(() -> SecretCipher.parse(" , ")).hasMessageContaining("empty");
  }
}
