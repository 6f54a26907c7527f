package dev.devflow.common.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;

/**
 * The structure rules every module's {@code ArchitectureTest} holds its production classes to: no
 * two packages depend on each other, and a service reaches another service only over HTTP, never by
 * importing its classes.
 */
public final class Architecture {

  /** The root package of each service; {@code common} and {@code agent-runtime} are libraries. */
  public static final List<String> SERVICES =
      List.of(
          "dev.devflow.gateway",
          "dev.devflow.knowledgehub",
          "dev.devflow.workflowengine",
          "dev.devflow.mcpgateway",
          "dev.devflow.integrations");

  private Architecture() {}

  /** The module's production classes: its test classes and its dependencies left out. */
  public static JavaClasses productionClasses(String rootPackage) {
    return new ClassFileImporter()
        .withImportOption(new ImportOption.DoNotIncludeTests())
        .withImportOption(new ImportOption.DoNotIncludeJars())
        .importPackages(rootPackage);
  }

  /** Every package is a slice, the root package included, so a cycle through it counts too. */
  public static void assertNoPackageCycles(String rootPackage) {
    slices()
        .matching("dev.devflow.(**)")
        .should()
        .beFreeOfCycles()
        .check(productionClasses(rootPackage));
  }

  public static void assertImportsNoOtherService(String rootPackage) {
    String[] others =
        SERVICES.stream()
            .filter(service -> !service.equals(rootPackage))
            .map(service -> service + "..")
            .toArray(String[]::new);
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(others)
        .because("services talk to each other over HTTP, through the typed clients in common")
        .check(productionClasses(rootPackage));
  }
}
