package dev.devflow.knowledgehub.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SearchSlotsTest {

  @Test
  void noMoreSearchesRunAtOnceThanSlots() throws Exception {
    SearchSlots slots = new SearchSlots(2, 10_000);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> done = new java.util.ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int n = i;
        done.add(
            pool.submit(
                () ->
                    slots.run(
                        () -> {
                          most.accumulateAndGet(running.incrementAndGet(), Math::max);
                          sleep(5);
                          running.decrementAndGet();
                          return n;
                        })));
      }
      for (int i = 0; i < done.size(); i++) {
        assertEquals(i, done.get(i).get(10, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(2, most.get(), "two slots: two searches at once, never three");
  }

  @Test
  void waitersTakeTheirTurnInArrivalOrder() throws Exception {
    SearchSlots slots = new SearchSlots(1, 10_000);
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> order = new CopyOnWriteArrayList<>();
    Thread holder = holdTheOnlySlot(slots, release);
    List<Thread> waiters = new java.util.ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      int n = i;
      Thread t = new Thread(() -> slots.run(() -> order.add(n)));
      t.start();
      waiters.add(t);
      while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
        Thread.onSpinWait(); // queued behind the ones before it
      }
    }
    release.countDown();
    holder.join();
    for (Thread t : waiters) {
      t.join();
    }
    assertEquals(List.of(1, 2, 3, 4, 5), order);
  }

  @Test
  void aSearchThatWaitsTooLongIs503WithRetryAfter() throws Exception {
    SearchSlots slots = new SearchSlots(1, 50);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder = holdTheOnlySlot(slots, release);
    long start = System.nanoTime();
    ProblemException e = assertThrows(ProblemException.class, () -> slots.run(() -> 1));
    assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50));
    assertEquals(ProblemType.UNAVAILABLE, e.type());
    assertEquals(1, e.retryAfterSeconds());
    release.countDown();
    holder.join();
    assertEquals(7, slots.run(() -> 7), "the slot is free again");
  }

  @Test
  void aFailedSearchGivesItsSlotBack() {
    SearchSlots slots = new SearchSlots(1, 50);
    assertThrows(
        IllegalStateException.class,
        () ->
            slots.run(
                () -> {
                  throw new IllegalStateException("index closed");
                }));
    assertEquals(3, slots.run(() -> 3));
  }

  @Test
  void atLeastOneSlot() {
    assertThrows(IllegalArgumentException.class, () -> new SearchSlots(0, 50));
  }

  /** Takes the one slot on another thread and keeps it until {@code release} opens. */
  private static Thread holdTheOnlySlot(SearchSlots slots, CountDownLatch release)
      throws InterruptedException {
    CountDownLatch holding = new CountDownLatch(1);
    Thread holder =
        new Thread(
            () ->
                slots.run(
                    () -> {
                      holding.countDown();
                      await(release);
                      return 0;
                    }));
    holder.start();
    holding.await();
    return holder;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
