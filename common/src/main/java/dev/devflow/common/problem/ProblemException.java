package dev.devflow.common.problem;

/**
 * A business error that becomes a problem response. Services throw it; {@link ExceptionMappers}
 * renders it.
 */
public class ProblemException extends RuntimeException {

  private final ProblemType type;
  private final String field;
  private final Integer retryAfterSeconds;

  public ProblemException(ProblemType type, String detail) {
    this(type, detail, null);
  }

  public ProblemException(ProblemType type, String detail, String field) {
    this(type, detail, field, null);
  }

  private ProblemException(
      ProblemType type, String detail, String field, Integer retryAfterSeconds) {
    super(detail, null, false, false);
    this.type = type;
    this.field = field;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public ProblemType type() {
    return type;
  }

  /** The offending field, or {@code null}. */
  public String field() {
    return field;
  }

  /** Seconds after which the client may try again ({@code Retry-After}), or {@code null}. */
  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** A 503 for a temporary overload, with the {@code Retry-After} the client should honour. */
  public static ProblemException unavailable(String detail, int retryAfterSeconds) {
    return new ProblemException(ProblemType.UNAVAILABLE, detail, null, retryAfterSeconds);
  }

  /** A 429 for a used-up plan limit, with the seconds until it resets. */
  public static ProblemException quota(String detail, int retryAfterSeconds) {
    return new ProblemException(ProblemType.QUOTA_EXCEEDED, detail, null, retryAfterSeconds);
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(ProblemType.NOT_FOUND, detail);
  }

  public static ProblemException invalid(String field, String detail) {
    return new ProblemException(ProblemType.VALIDATION, detail, field);
  }
}
