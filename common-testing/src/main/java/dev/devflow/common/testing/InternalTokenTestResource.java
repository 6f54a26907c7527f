package dev.devflow.common.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Makes the service under test trust the tokens {@link TestTokens} mints. */
public class InternalTokenTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    return Map.of(
        "mp.jwt.verify.publickey", TestTokens.publicKey(),
        "smallrye.jwt.sign.key", TestTokens.privateKeyPem());
  }

  @Override
  public void stop() {}
}
