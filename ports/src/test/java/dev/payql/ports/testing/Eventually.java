package dev.payql.ports.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for an asynchronous effect (a settlement arriving on another thread). The timeout is a
 * safety net against hanging, never a speed assertion: it is generous on purpose.
 */
public final class Eventually {

  public static final Duration PATIENCE = Duration.ofSeconds(20);

  private Eventually() {}

  public static void await(String what, BooleanSupplier condition) {
    await(what, PATIENCE, condition);
  }

  public static void await(String what, Duration patience, BooleanSupplier condition) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting for: " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for: " + what, e);
      }
    }
  }
}
