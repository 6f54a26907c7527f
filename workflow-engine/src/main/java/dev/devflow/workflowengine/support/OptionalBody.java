package dev.devflow.workflowengine.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Set;

/**
 * Reads an optional JSON body, so {@code curl -X POST .../stop} works without one, and checks it
 * with the same Bean Validation rules a required body gets.
 */
@ApplicationScoped
public class OptionalBody {

  private final ObjectMapper json;
  private final Validator validator;

  public OptionalBody(ObjectMapper json, Validator validator) {
    this.json = json;
    this.validator = validator;
  }

  /** The body as type, or null when there is none. */
  public <T> T read(String body, Class<T> type) {
    if (body == null || body.isBlank()) {
      return null;
    }
    T value;
    try {
      value = json.readValue(body, type);
    } catch (JsonProcessingException e) {
      throw new ProblemException(
          ProblemType.MALFORMED_BODY, "The body is not the expected JSON object.");
    }
    Set<ConstraintViolation<T>> violations = validator.validate(value);
    if (!violations.isEmpty()) {
      ConstraintViolation<T> v = violations.iterator().next();
      String field = v.getPropertyPath().toString();
      throw ProblemException.invalid(field, field + " " + v.getMessage());
    }
    return value;
  }
}
