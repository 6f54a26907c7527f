package dev.devflow.common.problem;

/**
 * A business error that becomes a problem response. Services throw it; {@link ExceptionMappers}
 * renders it.
 */
public class ProblemException extends RuntimeException {

  private final ProblemType type;
  private final String field;

  public ProblemException(ProblemType type, String detail) {
    this(type, detail, null);
  }

  public ProblemException(ProblemType type, String detail, String field) {
    super(detail, null, false, false);
    this.type = type;
    this.field = field;
  }

  public ProblemType type() {
    return type;
  }

  /** The offending field, or {@code null}. */
  public String field() {
    return field;
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(ProblemType.NOT_FOUND, detail);
  }

  public static ProblemException invalid(String field, String detail) {
    return new ProblemException(ProblemType.VALIDATION, detail, field);
  }
}
