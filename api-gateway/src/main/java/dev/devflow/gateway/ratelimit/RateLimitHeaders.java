package dev.devflow.gateway.ratelimit;

import io.vertx.core.http.HttpServerResponse;

/**
 * Writes the IETF rate-limit headers (draft 11: {@code RateLimit-Policy} and {@code RateLimit}),
 * the older {@code RateLimit-Limit/-Remaining/-Reset} many clients still read, and {@code
 * Retry-After} when refused.
 */
public final class RateLimitHeaders {

  private RateLimitHeaders() {}

  public static void apply(HttpServerResponse response, RateLimiter.Decision decision) {
    response.putHeader("RateLimit-Policy", "\"default\";q=" + decision.limit() + ";w=60");
    response.putHeader(
        "RateLimit", "\"default\";r=" + decision.remaining() + ";t=" + decision.resetSeconds());
    response.putHeader("RateLimit-Limit", Long.toString(decision.limit()));
    response.putHeader("RateLimit-Remaining", Long.toString(decision.remaining()));
    response.putHeader("RateLimit-Reset", Long.toString(decision.resetSeconds()));
    if (!decision.allowed()) {
      response.putHeader("Retry-After", Long.toString(Math.max(1, decision.retryAfterSeconds())));
    }
  }
}
