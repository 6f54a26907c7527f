package dev.devflow.gateway;

import dev.devflow.common.testing.Architecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  @Test
  void packagesDoNotDependOnEachOther() {
    Architecture.assertNoPackageCycles("dev.devflow.gateway");
  }

  @Test
  void neverImportsAnotherService() {
    Architecture.assertImportsNoOtherService("dev.devflow.gateway");
  }
}
