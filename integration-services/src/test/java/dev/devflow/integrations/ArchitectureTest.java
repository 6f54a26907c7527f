package dev.devflow.integrations;

import dev.devflow.common.testing.Architecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  @Test
  void packagesDoNotDependOnEachOther() {
    Architecture.assertNoPackageCycles("dev.devflow.integrations");
  }

  @Test
  void neverImportsAnotherService() {
    Architecture.assertImportsNoOtherService("dev.devflow.integrations");
  }
}
