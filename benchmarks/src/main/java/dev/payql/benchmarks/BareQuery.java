package dev.payql.benchmarks;

import java.io.IOException;
import java.util.Map;

/** The baseline of the paid redemption: the same query, POSTed to the bare graphql-java server. */
record BareQuery(PayqlHttp bare) implements Workload {

  @Override
  public String name() {
    return "bare graphql-java";
  }

  @Override
  public String runOnce(StepTimes steps) throws InterruptedException {
    try {
      return PurchaseSteps.countryIn(bare.post("/graphql", PurchaseSteps.BODY, Map.of()));
    } catch (IOException e) {
      return "graphql: " + e.getClass().getSimpleName();
    }
  }
}
