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
    PurchaseSteps.Issued paid = PurchaseSteps.buyAndPay(http, steps);
    return paid.failure() != null ? paid.failure() : PurchaseSteps.redeem(http, paid.key(), steps);
  }
}
