package dev.payql.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The whole paid cycle a buyer goes through, as in the README's curl session: {@code POST
 * /api/invoice}, {@code POST /dev/pay} (the simulated node's wallet), then {@code POST /graphql}
 * with the one-time key. Each step's answer is checked; the last must be a 200 with the
 * exchange's country in {@code data} and no {@code errors}. Failures name the step and the
 * status or problem code, never the key.
 */
record PaidCycle(PayqlHttp http) implements Workload {

  /** The seed's first example, verbatim. */
  static final String QUERY = "{ exchange (exchangeSymbol:\"binance\") { country } }";
  private static final String BODY = PayqlHttp.json(Map.of("query", QUERY));
  private static final Pattern API_KEY = Pattern.compile("[0-9a-f]{64}");

  @Override
  public String name() {
    return "paid cycle";
  }

  @Override
  public String runOnce(StepTimes steps) throws InterruptedException {
    String step = "invoice";
    try {
      long started = System.nanoTime();
      PayqlHttp.Answer invoice = http.post("/api/invoice", BODY, Map.of());
      steps.record(step, System.nanoTime() - started);
      if (invoice.status() != 200 || invoice.json().isEmpty()) {
        return step + ": " + invoice.describe();
      }
      JsonNode issued = invoice.json().get();
      String key = issued.path("apikey").asText("");
      String paymentRequest = issued.path("paymentRequest").asText("");
      if (!API_KEY.matcher(key).matches() || !paymentRequest.startsWith("ln")) {
        return step + ": 200 without a well-formed apikey and paymentRequest";
      }

      step = "pay";
      started = System.nanoTime();
      PayqlHttp.Answer paid = http.post("/dev/pay", PayqlHttp.json(Map.of("paymentRequest", paymentRequest)), Map.of());
      steps.record(step, System.nanoTime() - started);
      if (paid.status() != 200) {
        return step + ": " + paid.describe();
      }

      step = "graphql";
      started = System.nanoTime();
      PayqlHttp.Answer result = http.post("/graphql", BODY, Map.of("Authorization", "Bearer " + key));
      steps.record(step, System.nanoTime() - started);
      if (result.status() != 200 || result.json().isEmpty()) {
        return step + ": " + result.describe();
      }
      JsonNode body = result.json().get();
      if (body.has("errors")) {
        return step + ": 200 with errors: " + body.at("/errors/0/message").asText("?");
      }
      return body.at("/data/exchange/country").asText("").isBlank() ? step + ": 200 without data.exchange.country" : null;
    } catch (IOException e) {
      return step + ": " + e.getClass().getSimpleName();
    }
  }
}
