package dev.payql.benchmarks;

/**
 * {@code POST /api/invoice} alone: parse, validate and weigh the request, price it, have the node
 * sign an invoice and store the purchase durably. Nothing is paid; the purchases lapse unpaid.
 */
record InvoiceIssue(PayqlHttp http) implements Workload {

  @Override
  public String name() {
    return "invoice";
  }

  @Override
  public String runOnce(StepTimes steps) throws InterruptedException {
    return PurchaseSteps.invoice(http, steps).failure();
  }
}
