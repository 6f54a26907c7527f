package dev.devflow.mcpgateway;

import dev.devflow.common.testing.Architecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  @Test
  void packagesDoNotDependOnEachOther() {
    Architecture.assertNoPackageCycles("dev.devflow.mcpgateway");
  }

  @Test
  void neverImportsAnotherService() {
    Architecture.assertImportsNoOtherService("dev.devflow.mcpgateway");
  }
}
