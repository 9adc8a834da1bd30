package dev.payql.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The three requests of a purchase, as in the README's curl session, each timed under its step's
 * name and each answer checked. A failure names the step and the status or problem code, never the
 * key. The workloads are made of these: the invoice alone, the redemption alone (of a key paid
 * before), the whole cycle, and the unmeasured preparation of paid keys.
 */
final class PurchaseSteps {

  /** The seed's first example, verbatim: the query every paid workload buys and the bare server answers. */
  static final String QUERY = "{ exchange (exchangeSymbol:\"binance\") { country } }";
  static final String BODY = PayqlHttp.json(Map.of("query", QUERY));
  private static final Pattern API_KEY = Pattern.compile("[0-9a-f]{64}");

  private PurchaseSteps() {}

  /** An issued invoice's key and payment request, or what went wrong (then both are empty). */
  record Issued(String key, String paymentRequest, String failure) {

    static Issued failed(String failure) {
      return new Issued("", "", failure);
    }
  }

  static Issued invoice(PayqlHttp http, StepTimes steps) throws InterruptedException {
    try {
      long started = System.nanoTime();
      PayqlHttp.Answer invoice = http.post("/api/invoice", BODY, Map.of());
      steps.record("invoice", System.nanoTime() - started);
      if (invoice.status() != 200 || invoice.json().isEmpty()) {
        return Issued.failed("invoice: " + invoice.describe());
      }
      JsonNode issued = invoice.json().get();
      String key = issued.path("apikey").asText("");
      String paymentRequest = issued.path("paymentRequest").asText("");
      if (!API_KEY.matcher(key).matches() || !paymentRequest.startsWith("ln")) {
        return Issued.failed("invoice: 200 without a well-formed apikey and paymentRequest");
      }
      return new Issued(key, paymentRequest, null);
    } catch (IOException e) {
      return Issued.failed("invoice: " + e.getClass().getSimpleName());
    }
  }

  /** Pays through the simulated node's {@code /dev/pay}; null when it was paid. */
  static String pay(PayqlHttp http, String paymentRequest, StepTimes steps) throws InterruptedException {
    try {
      long started = System.nanoTime();
      PayqlHttp.Answer paid = http.post("/dev/pay", PayqlHttp.json(Map.of("paymentRequest", paymentRequest)), Map.of());
      steps.record("pay", System.nanoTime() - started);
      return paid.status() == 200 ? null : "pay: " + paid.describe();
    } catch (IOException e) {
      return "pay: " + e.getClass().getSimpleName();
    }
  }

  /** An invoice, then its payment: the key of a paid purchase, or the step that failed. */
  static Issued buyAndPay(PayqlHttp http, StepTimes steps) throws InterruptedException {
    Issued issued = invoice(http, steps);
    if (issued.failure() != null) {
      return issued;
    }
    String unpaid = pay(http, issued.paymentRequest(), steps);
    return unpaid == null ? issued : Issued.failed(unpaid);
  }

  /**
   * Redeems a paid key: a 200 executed now (not a replay of a stored answer) with the exchange's
   * country and no {@code errors}; null when it was.
   */
  static String redeem(PayqlHttp http, String key, StepTimes steps) throws InterruptedException {
    try {
      long started = System.nanoTime();
      PayqlHttp.Answer result = http.post("/graphql", BODY, Map.of("Authorization", "Bearer " + key));
      steps.record("graphql", System.nanoTime() - started);
      if (result.replayed()) {
        return "graphql: a replay, not an execution";
      }
      return countryIn(result);
    } catch (IOException e) {
      return "graphql: " + e.getClass().getSimpleName();
    }
  }

  /** Null when {@code answer} is a 200 with {@code data.exchange.country} and no errors. */
  static String countryIn(PayqlHttp.Answer answer) {
    if (answer.status() != 200 || answer.json().isEmpty()) {
      return "graphql: " + answer.describe();
    }
    JsonNode body = answer.json().get();
    if (body.has("errors")) {
      return "graphql: 200 with errors: " + body.at("/errors/0/message").asText("?");
    }
    return body.at("/data/exchange/country").asText("").isBlank() ? "graphql: 200 without data.exchange.country" : null;
  }
}
