package dev.devflow.common.problem;

import java.net.URI;

/** The stable problem types DevFlow services answer with. */
public enum ProblemType {
  VALIDATION("validation", "Invalid request", 400),
  MALFORMED_BODY("malformed-body", "Malformed request body", 400),
  BAD_REQUEST("bad-request", "Bad request", 400),
  UNAUTHORIZED("unauthorized", "Authentication required", 401),
  TENANT_REQUIRED("tenant-required", "No tenant for this request", 401),
  FORBIDDEN("forbidden", "Forbidden", 403),
  NOT_FOUND("not-found", "Not found", 404),
  METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
  NOT_ACCEPTABLE("not-acceptable", "Not acceptable", 406),
  CONFLICT("conflict", "Conflict", 409),
  PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large", 413),
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
  UNPROCESSABLE("unprocessable", "Unprocessable content", 422),
  QUOTA_EXCEEDED("quota-exceeded", "Quota exceeded", 429),
  STORAGE_QUOTA_EXCEEDED("storage-quota-exceeded", "Storage quota exceeded", 413),
  INTERNAL("internal-error", "Internal error", 500),
  BAD_GATEWAY("bad-gateway", "Bad gateway", 502),
  UNAVAILABLE("unavailable", "Service unavailable", 503),
  GATEWAY_TIMEOUT("gateway-timeout", "Gateway timeout", 504);

  /** Where the problem types are documented; the slug is appended. */
  public static final String BASE = "https://devflow.dev/problems/";

  private final String slug;
  private final String title;
  private final int status;

  ProblemType(String slug, String title, int status) {
    this.slug = slug;
    this.title = title;
    this.status = status;
  }

  public URI uri() {
    return URI.create(BASE + slug);
  }

  public String title() {
    return title;
  }

  public int status() {
    return status;
  }

  /** The type that best names a bare HTTP status. */
  public static ProblemType forStatus(int status) {
    for (ProblemType type : values()) {
      if (type.status == status && type != VALIDATION && type != MALFORMED_BODY) {
        return type;
      }
    }
    return status >= 500 ? INTERNAL : BAD_REQUEST;
  }
}
