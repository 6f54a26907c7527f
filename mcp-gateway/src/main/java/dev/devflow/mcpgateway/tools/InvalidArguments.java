package dev.devflow.mcpgateway.tools;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import java.util.stream.Collectors;

/** "Invalid arguments: limit must be less than or equal to 20; query size must be ..." */
final class InvalidArguments {

  private InvalidArguments() {}

  static String describe(ConstraintViolationException e) {
    return e.getConstraintViolations().stream()
        .map(InvalidArguments::one)
        .sorted()
        .collect(Collectors.joining("; ", "Invalid arguments: ", ". Correct them and call again."));
  }

  private static String one(ConstraintViolation<?> violation) {
    String argument = null;
    for (Path.Node node : violation.getPropertyPath()) {
      if (node.getKind() == jakarta.validation.ElementKind.PARAMETER) {
        argument = node.getName();
      }
    }
    return (argument == null ? "argument" : argument) + " " + violation.getMessage();
  }
}
