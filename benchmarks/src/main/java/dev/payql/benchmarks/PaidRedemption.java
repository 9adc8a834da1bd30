package dev.payql.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * {@code POST /graphql} with a key paid before the phase: the redemption alone (find the purchase,
 * claim it, execute, store the answer, mark it spent), which the issue compares with the bare
 * server. Keys are bought and paid by {@link #prepare}, unmeasured; each is redeemed once.
 */
final class PaidRedemption implements Workload {

  private final PayqlHttp http;
  private final Queue<String> paidKeys = new ConcurrentLinkedQueue<>();

  PaidRedemption(PayqlHttp http) {
    this.http = http;
  }

  @Override
  public String name() {
    return "paid redemption";
  }

  /** Keys paid and not redeemed yet: the most operations the next phase may run. */
  int keysLeft() {
    return paidKeys.size();
  }

  /** The key the next redemption will use, if any is left (for the smoke test to follow it). */
  java.util.Optional<String> nextKey() {
    return java.util.Optional.ofNullable(paidKeys.peek());
  }

  /**
   * Buys and pays {@code count} keys with {@code clients} clients (invoice, then {@code /dev/pay});
   * the result counts the failures, which the driver reports like any other.
   */
  LoadPhase.Result prepare(int count, int clients) throws InterruptedException {
    Workload buyAndPay = new Workload() {
      @Override
      public String name() {
        return "paying keys in advance";
      }

      @Override
      public String runOnce(StepTimes steps) throws InterruptedException {
        PurchaseSteps.Issued paid = PurchaseSteps.buyAndPay(http, steps);
        if (paid.failure() != null) {
          return paid.failure();
        }
        String unrecorded = awaitRecordedPayment(paid.key());
        if (unrecorded == null) {
          paidKeys.add(paid.key());
        }
        return unrecorded;
      }
    };
    return LoadPhase.run(buyAndPay.name(), buyAndPay, clients, Duration.ofMinutes(10), count);
  }

  /**
   * Waits (long-polling the status, which the settlement wakes) until PayQL has recorded the
   * payment, so the measured redemption finds its purchase paid and does no settlement work of
   * its own; null once the status says {@code paid}.
   */
  private String awaitRecordedPayment(String key) throws InterruptedException {
    Map<String, String> bearer = Map.of("Authorization", "Bearer " + key);
    try {
      for (String path : List.of("/api/invoice/status", "/api/invoice/status?wait=10")) {
        PayqlHttp.Answer status = http.get(path, bearer);
        String state = status.json().map(json -> json.path("state").asText("")).orElse("");
        if (status.status() == 200 && state.equals("paid")) {
          return null;
        }
        if (status.status() != 200 || !state.equals("awaiting_payment")) {
          return "status: " + status.describe() + " " + state;
        }
      }
      return "status: the payment was not recorded within 10 s";
    } catch (IOException e) {
      return "status: " + e.getClass().getSimpleName();
    }
  }

  @Override
  public String runOnce(StepTimes steps) throws InterruptedException {
    String key = paidKeys.poll();
    return key == null ? "graphql: no paid key left" : PurchaseSteps.redeem(http, key, steps);
  }
}
