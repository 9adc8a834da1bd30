package dev.payql.benchmarks;

import java.io.IOException;
import java.util.Map;

/**
 * The baseline: {@code { __typename }} POSTed to {@code /graphql} without a key. Introspection is
 * free (DESIGN.md 1.4), so this crosses the same HTTP stack, body parsing, fingerprinting and
 * engine as a paid request, and nothing of the purchase: no invoice, no node, no store.
 */
record FreeIntrospection(PayqlHttp http) implements Workload {

  private static final String BODY = PayqlHttp.json(Map.of("query", "{ __typename }"));

  @Override
  public String name() {
    return "free { __typename }";
  }

  @Override
  public String runOnce(StepTimes steps) throws InterruptedException {
    PayqlHttp.Answer answer;
    try {
      answer = http.post("/graphql", BODY, Map.of());
    } catch (IOException e) {
      return "graphql: " + e.getClass().getSimpleName();
    }
    if (answer.status() != 200) {
      return "graphql: " + answer.describe();
    }
    String typename = answer.json().map(json -> json.at("/data/__typename").asText("")).orElse("");
    return typename.equals("Query") ? null : "graphql: 200 without data.__typename";
  }
}
