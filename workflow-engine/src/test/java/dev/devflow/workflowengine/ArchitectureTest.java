package dev.devflow.workflowengine;

import dev.devflow.common.testing.Architecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  @Test
  void packagesDoNotDependOnEachOther() {
    Architecture.assertNoPackageCycles("dev.devflow.workflowengine");
  }

  @Test
  void neverImportsAnotherService() {
    Architecture.assertImportsNoOtherService("dev.devflow.workflowengine");
  }
}
