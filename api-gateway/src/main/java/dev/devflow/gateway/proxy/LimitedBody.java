package dev.devflow.gateway.proxy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A request body that may not grow past a route's limit. A chunked body declares no length, so the
 * Content-Length check cannot see it: this stream counts while it is forwarded and fails the
 * exchange with {@link TooLarge} at the first byte over, which the proxy answers with a 413.
 */
final class LimitedBody implements ReadStream<Buffer> {

  /** The body went past the limit. */
  static final class TooLarge extends RuntimeException {
    TooLarge(long limit) {
      super(
          "The body is larger than this route accepts (" + limit + " bytes).", null, false, false);
    }
  }

  private final ReadStream<Buffer> source;
  private final long limit;
  private long seen;
  private boolean failed;
  private Handler<Throwable> exceptionHandler;

  LimitedBody(ReadStream<Buffer> source, long limit) {
    this.source = source;
    this.limit = limit;
  }

  /** Whether the body went past the limit. */
  boolean exceeded() {
    return failed;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    source.exceptionHandler(handler);
    return this;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    if (handler == null) {
      source.handler(null);
      return this;
    }
    source.handler(
        chunk -> {
          if (failed) {
            return;
          }
          seen += chunk.length();
          if (seen > limit) {
            failed = true;
            source.pause();
            if (exceptionHandler != null) {
              exceptionHandler.handle(new TooLarge(limit));
            }
            return;
          }
          handler.handle(chunk);
        });
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    source.pause();
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    if (!failed) {
      source.resume();
    }
    return this;
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    if (!failed) {
      source.fetch(amount);
    }
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    source.endHandler(
        endHandler == null
            ? null
            : v -> {
              if (!failed) {
                endHandler.handle(v);
              }
            });
    return this;
  }
}
