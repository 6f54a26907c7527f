package dev.devflow.knowledgehub;

import dev.devflow.common.testing.Architecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  @Test
  void packagesDoNotDependOnEachOther() {
    Architecture.assertNoPackageCycles("dev.devflow.knowledgehub");
  }

  @Test
  void neverImportsAnotherService() {
    Architecture.assertImportsNoOtherService("dev.devflow.knowledgehub");
  }
}
