package dev.devflow.e2e;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code @ExtendWith(WithDevflowStack.class)}: makes sure the shared {@link DevflowStack} is up
 * before the class's tests run (it stays up for the other test classes of the JVM).
 */
public class WithDevflowStack implements BeforeAllCallback {

  @Override
  public void beforeAll(ExtensionContext context) {
    DevflowStack.get();
  }
}
