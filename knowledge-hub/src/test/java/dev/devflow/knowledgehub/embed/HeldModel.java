package dev.devflow.knowledgehub.embed;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's model, holding every batch until {@link #release()}: a test sees what a crawl does
 * while its model is busy. Queries pass straight through. Closing releases it and puts the model
 * back.
 */
public final class HeldModel implements Embedder, AutoCloseable {

  private final Embeddings embeddings;
  private final CountDownLatch released = new CountDownLatch(1);
  private final AtomicInteger batches = new AtomicInteger();
  private volatile Embedder model;

  private HeldModel(Embeddings embeddings) {
    this.embeddings = embeddings;
  }

  public static HeldModel hold(Embeddings embeddings) {
    HeldModel held = new HeldModel(embeddings);
    held.model = embeddings.use(held); // called before any crawl starts, so never null in use
    return held;
  }

  /** Batches the model has been given so far, held or not. */
  public int batches() {
    return batches.get();
  }

  public void release() {
    released.countDown();
  }

  @Override
  public String model() {
    return model.model();
  }

  @Override
  public int dimension() {
    return model.dimension();
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    batches.incrementAndGet();
    try {
      if (!released.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("The held model was never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return model.embed(texts);
  }

  @Override
  public float[] embedQuery(String text) {
    return model.embedQuery(text);
  }

  @Override
  public void close() {
    release();
    embeddings.use(model);
  }
}
