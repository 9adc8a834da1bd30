package dev.payql.benchmarks;

/**
 * The whole paid cycle a buyer goes through: {@code POST /api/invoice}, {@code POST /dev/pay} (the
 * simulated node's wallet), then {@code POST /graphql} with the one-time key; each step timed.
 */
record PaidCycle(PayqlHttp http) implements Workload {

  @Override
  public String name() {
    return "paid cycle";
  }

  @Override
  public String runOnce(StepTimes steps) throws InterruptedException {
    PurchaseSteps.Issued issued = PurchaseSteps.invoice(http, steps);
    if (issued.failure() != null) {
      return issued.failure();
    }
    String unpaid = PurchaseSteps.pay(http, issued.paymentRequest(), steps);
    return unpaid != null ? unpaid : PurchaseSteps.redeem(http, issued.key(), steps);
  }
}
