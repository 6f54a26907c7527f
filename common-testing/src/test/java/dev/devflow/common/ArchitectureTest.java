package dev.devflow.common;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import dev.devflow.common.testing.Architecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  @Test
  void packagesDoNotDependOnEachOther() {
    Architecture.assertNoPackageCycles("dev.devflow.common");
  }

  @Test
  void commonImportsNoService() {
    for (String service : Architecture.SERVICES) {
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAPackage(service + "..")
          .check(Architecture.productionClasses("dev.devflow.common"));
    }
  }
}
