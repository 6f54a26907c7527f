package dev.devflow.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem document, the body of every error a DevFlow service returns.
 *
 * @param type stable URI naming the kind of problem; clients switch on it
 * @param title short summary of the kind of problem
 * @param status HTTP status code
 * @param detail what went wrong with this request, in words a user can act on
 * @param instance the request path
 * @param field the offending field, for a validation error about one field
 * @param errors every violated rule, for validation errors
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(
    URI type,
    String title,
    int status,
    String detail,
    String instance,
    String field,
    List<FieldError> errors) {

  /** The media type of problem documents. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** One violated rule on one field. */
  @Schema(name = "FieldError")
  public record FieldError(String field, String message) {}
}
