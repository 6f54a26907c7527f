package dev.devflow.common.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every exception that escapes a resource into an RFC 9457 problem: validation, malformed
 * JSON, unknown routes, wrong methods, business errors and bugs. Bodies never carry class names or
 * stack traces; a bug is logged with an id the body repeats.
 */
public class ExceptionMappers {

  private static final Logger LOG = Logger.getLogger(ExceptionMappers.class);

  @ServerExceptionMapper
  public Response problem(ProblemException e, UriInfo uri) {
    ProblemType type = e.type();
    Response response =
        Problems.response(
            new Problem(
                type.uri(),
                type.title(),
                type.status(),
                e.getMessage(),
                path(uri),
                e.field(),
                e.field() == null
                    ? List.of()
                    : List.of(new Problem.FieldError(e.field(), e.getMessage()))));
    if (type.status() == 401) {
      response.getHeaders().putSingle(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
    if (e.retryAfterSeconds() != null) {
      response.getHeaders().putSingle(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds().toString());
    }
    return response;
  }

  @ServerExceptionMapper
  public Response validation(ConstraintViolationException e, UriInfo uri) {
    if (e.getConstraintViolations().stream().anyMatch(ExceptionMappers::isReturnValue)) {
      return internal(e, uri);
    }
    List<Problem.FieldError> errors =
        e.getConstraintViolations().stream()
            .map(v -> new Problem.FieldError(fieldOf(v.getPropertyPath()), v.getMessage()))
            .sorted(Comparator.comparing(Problem.FieldError::field))
            .toList();
    String detail =
        errors.stream()
            .map(err -> err.field() + ": " + err.message())
            .collect(Collectors.joining("; "));
    ProblemType type = ProblemType.VALIDATION;
    String field = errors.size() == 1 ? errors.get(0).field() : null;
    return Problems.response(
        new Problem(type.uri(), type.title(), type.status(), detail, path(uri), field, errors));
  }

  @ServerExceptionMapper
  public Response malformedJson(JsonParseException e, UriInfo uri) {
    String where =
        e.getLocation() == null
            ? ""
            : " at line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr();
    return Problems.response(
        ProblemType.MALFORMED_BODY, "The request body is not valid JSON" + where + ".", path(uri));
  }

  /** Quarkus maps this one itself, without a problem body, unless a mapper names it exactly. */
  @ServerExceptionMapper
  public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
    return unmappableJson(e, uri);
  }

  @ServerExceptionMapper
  public Response unmappableJson(JsonMappingException e, UriInfo uri) {
    String field =
        e.getPath().stream()
            .map(
                ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
            .collect(Collectors.joining("."))
            .replace(".[", "[");
    ProblemType type = ProblemType.MALFORMED_BODY;
    if (field.isEmpty()) {
      return Problems.response(
          type, "The request body does not have the expected shape.", path(uri));
    }
    String rule =
        e instanceof RefusedJsonValue
            ? e.getOriginalMessage()
            : "value has the wrong type or format";
    String detail = field + ": " + rule;
    return Problems.response(
        new Problem(
            type.uri(),
            type.title(),
            type.status(),
            detail,
            path(uri),
            field,
            List.of(new Problem.FieldError(field, rule))));
  }

  @ServerExceptionMapper
  public Response otherJson(JsonProcessingException e, UriInfo uri) {
    String why =
        e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException
            ? " (it is nested too deeply or too large)"
            : e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                ? " (" + e.getOriginalMessage() + ")"
                : "";
    return Problems.response(
        ProblemType.MALFORMED_BODY, "The request body is not valid JSON" + why + ".", path(uri));
  }

  @ServerExceptionMapper
  public Response http(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
    Response original = e.getResponse();
    int status = original == null ? 500 : original.getStatus();
    if (status >= 500) {
      return internal(e, uri);
    }
    // The JSON reader wraps parse errors in a bare 400.
    if (e.getCause() instanceof JsonParseException parse) {
      return malformedJson(parse, uri);
    }
    if (e.getCause() instanceof JsonMappingException mapping) {
      return unmappableJson(mapping, uri);
    }
    ProblemType type = ProblemType.forStatus(status);
    Response.ResponseBuilder builder =
        Response.status(status).type(Problem.MEDIA_TYPE).entity(problemFor(type, status, e, uri));
    if (original != null && original.getHeaderString(HttpHeaders.ALLOW) != null) {
      builder.header(HttpHeaders.ALLOW, original.getHeaderString(HttpHeaders.ALLOW));
    }
    return builder.build();
  }

  /**
   * A multipart body that ends before its closing boundary is the client's doing, not ours; any
   * other I/O failure is unexpected.
   */
  @ServerExceptionMapper
  public Response io(java.io.IOException e, UriInfo uri) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.contains("multipart") || message.contains("Connection terminated")) {
      return Problems.response(
          ProblemType.MALFORMED_BODY,
          "The multipart body is incomplete: it ended before its closing boundary.",
          path(uri));
    }
    return internal(e, uri);
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e, UriInfo uri) {
    return internal(e, uri);
  }

  private static Problem problemFor(
      ProblemType type, int status, WebApplicationException e, UriInfo uri) {
    String message = e.getMessage();
    // JAX-RS fills in "HTTP 404 Not Found" when the thrower gave no message: say something useful.
    boolean generic = message == null || message.startsWith("HTTP " + status);
    String detail =
        switch (status) {
          case 404 -> generic ? "There is nothing at " + path(uri) + "." : message;
          case 405 -> "This method is not allowed on " + path(uri) + ".";
          case 406 -> "None of the accepted media types can be produced here.";
          case 415 -> "The request's Content-Type is not supported here.";
          default -> generic ? type.title() + "." : message;
        };
    return new Problem(type.uri(), type.title(), status, detail, path(uri), null, List.of());
  }

  private static Response internal(Throwable e, UriInfo uri) {
    String id = UUID.randomUUID().toString();
    LOG.errorf(e, "Unexpected error %s on %s", id, path(uri));
    return Problems.response(
        ProblemType.INTERNAL,
        "An unexpected error occurred. It has been logged with id " + id + ".",
        path(uri));
  }

  private static boolean isReturnValue(ConstraintViolation<?> violation) {
    for (Path.Node node : violation.getPropertyPath()) {
      if (node.getKind() == ElementKind.RETURN_VALUE) {
        return true;
      }
    }
    return false;
  }

  /**
   * The field a user would name: for {@code create.request.name} that is {@code name}; for a query
   * or path parameter it is the parameter's name.
   */
  static String fieldOf(Path path) {
    StringBuilder afterParameter = new StringBuilder();
    String parameter = null;
    boolean seenParameter = false;
    for (Path.Node node : path) {
      if (node.getKind() == ElementKind.PARAMETER) {
        parameter = node.getName();
        seenParameter = true;
        continue;
      }
      if (!seenParameter || node.getKind() == ElementKind.METHOD) {
        continue;
      }
      if (node.getName() == null) {
        continue;
      }
      if (node.getIndex() != null && afterParameter.length() > 0) {
        afterParameter.append('[').append(node.getIndex()).append(']');
      }
      if (afterParameter.length() > 0) {
        afterParameter.append('.');
      }
      afterParameter.append(node.getName());
    }
    if (afterParameter.length() > 0) {
      return afterParameter.toString();
    }
    return parameter != null ? parameter : path.toString();
  }

  private static String path(UriInfo uri) {
    return uri == null ? "" : "/" + uri.getPath().replaceFirst("^/", "");
  }
}
