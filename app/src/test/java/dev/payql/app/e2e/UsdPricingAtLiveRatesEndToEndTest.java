package dev.payql.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payql.adapter.rates.fake.TickerAnswers;
import dev.payql.adapter.rates.fake.TickerServer;
import dev.payql.domain.lightning.PaymentHash;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, "Prices and rates", end to end: the application prices in USD at the rate three local
 * ticker servers give (each speaking its source's own format), follows the rate as it moves,
 * ignores a source that drifts, and answers 503 {@code rate_unavailable}, selling nothing, once
 * every source is stale. Waits are for events with generous deadlines; nothing measures time.
 */
class UsdPricingAtLiveRatesEndToEndTest {

  private static final List<String> SOURCES = List.of("kraken", "coinbase", "bitstamp");
  /** A request the market-data schema weighs at 1. */
  private static final String BODY = Buyer.body("{ exchange(exchangeSymbol: \"binance\") { country } }");
  private static final BigDecimal USD_PER_UNIT = new BigDecimal("0.005");
  private static final Duration EVENT = Duration.ofSeconds(60);

  @TempDir
  Path data;

  private final Map<String, TickerServer> servers = new LinkedHashMap<>();
  private PayqlTestInstance payql;

  @BeforeEach
  void start() throws Exception {
    for (String source : SOURCES) {
      servers.put(source, new TickerServer(TickerAnswers.path(source)));
    }
    allQuote("50000");
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("PAYQL_RATE_SOURCES", String.join(",", SOURCES));
    servers.forEach((source, server) ->
        settings.put("PAYQL_RATE_" + source.toUpperCase(java.util.Locale.ROOT) + "_URL", server.baseUrl().toString()));
    settings.put("PAYQL_RATE_POLL_INTERVAL", "200ms");
    settings.put("PAYQL_RATE_MAX_AGE", "3s");
    settings.put("PAYQL_RATE_TIMEOUT", "2s");
    settings.put("PAYQL_PRICE_USD_PER_UNIT", USD_PER_UNIT.toPlainString());
    payql = PayqlTestInstance.start(data, settings);
  }

  @AfterEach
  void stop() {
    if (payql != null) {
      payql.close();
    }
    servers.values().forEach(TickerServer::close);
  }

  private void quote(String source, String usdPerBtc) {
    // Bitstamp stamps each answer with its time: the stand-in does too
    servers.get(source).behave(new TickerServer.Live(() ->
        TickerAnswers.answer(source, new BigDecimal(usdPerBtc), Instant.now())));
  }

  private void allQuote(String usdPerBtc) {
    SOURCES.forEach(source -> quote(source, usdPerBtc));
  }

  private HttpResponse<String> askForInvoice() {
    return payql.buyer().post("/api/invoice", BODY, Map.of());
  }

  /** Asks for invoices until one answers as {@code expected} says; the sources are polled every 200 ms. */
  private HttpResponse<String> invoiceUntil(Predicate<HttpResponse<String>> expected, String what) throws Exception {
    long deadline = System.nanoTime() + EVENT.toNanos();
    HttpResponse<String> response = askForInvoice();
    while (!expected.test(response) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      response = askForInvoice();
    }
    assertThat(expected.test(response)).as("waiting for %s; last answer %s %s", what, response.statusCode(),
        response.body()).isTrue();
    return response;
  }

  private static boolean priced200At(HttpResponse<String> response, String usdPerBtc) {
    return response.statusCode() == 200
        && Buyer.parse(response).at("/rate/btcUsd").decimalValue().compareTo(new BigDecimal(usdPerBtc)) == 0;
  }

  /** value × rate = price, and value is the USD tariff at that rate, rounded up to a whole msat. */
  private void assertPricedAt(JsonNode invoice, String usdPerBtc) {
    BigDecimal rate = new BigDecimal(usdPerBtc);
    long cost = invoice.get("cost").asLong();
    BigDecimal usd = USD_PER_UNIT.multiply(BigDecimal.valueOf(cost));
    long msat = usd.movePointRight(11).divide(rate, 0, RoundingMode.CEILING).longValueExact();
    assertThat(invoice.get("value").asLong()).isEqualTo(msat);
    assertThat(invoice.get("price").decimalValue())
        .isEqualByComparingTo(BigDecimal.valueOf(msat).multiply(rate).movePointLeft(11).setScale(8, RoundingMode.HALF_EVEN));
    assertThat(invoice.at("/rate/btcUsd").decimalValue()).isEqualByComparingTo(rate);
    // the node was asked for exactly the amount the answer states
    PaymentHash hash = new PaymentHash(invoice.get("paymentHash").asText());
    assertThat(payql.app().node().lookupInvoice(hash).orElseThrow().amount().value()).isEqualTo(msat);
  }

  @Test
  void invoicesArePricedInUsdAtTheLiveRateAndFollowItAsItMoves() throws Exception {
    JsonNode first = Buyer.parse(invoiceUntil(response -> priced200At(response, "50000"), "a price at 50,000"));
    assertPricedAt(first, "50000");
    assertThat(first.get("cost").asLong()).isEqualTo(1);
    assertThat(first.get("value").asLong()).isEqualTo(10_000); // $0.005 at 50,000 USD/BTC is 10 sat
    assertThat(first.at("/rate/sources")).extracting(JsonNode::asText).containsExactly("kraken", "coinbase", "bitstamp");
    assertThat(Instant.parse(first.at("/rate/at").asText())).isBefore(Instant.now().plusSeconds(1));

    // bitcoin doubles: the same dollars are half the sats
    allQuote("100000");
    JsonNode later = Buyer.parse(invoiceUntil(response -> priced200At(response, "100000"), "a price at 100,000"));
    assertPricedAt(later, "100000");
    assertThat(later.get("value").asLong()).isEqualTo(5_000);

    // a USD-priced purchase is paid and served like any other
    payql.buyer().pay(later);
    HttpResponse<String> served = payql.buyer().graphql(later.get("apikey").asText(), BODY);
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(Buyer.parse(served).at("/data/exchange/country").isMissingNode()).isFalse();
  }

  @Test
  void aSourceDriftingFarFromTheOthersDoesNotMoveThePrice() throws Exception {
    invoiceUntil(response -> priced200At(response, "50000"), "a price at 50,000");

    quote("kraken", "150000");
    quote("coinbase", "50010");
    JsonNode invoice = Buyer.parse(invoiceUntil(response -> priced200At(response, "50005"),
        "the price of the two sources that agree"));

    assertPricedAt(invoice, "50005");
    assertThat(invoice.at("/rate/sources")).extracting(JsonNode::asText).containsExactly("coinbase", "bitstamp");
  }

  @Test
  void whenEverySourceIsStaleInvoicingAnswers503RateUnavailableAndSellsNothingUntilARateIsBack() throws Exception {
    invoiceUntil(response -> priced200At(response, "50000"), "a price at 50,000");

    servers.get("kraken").answer(TickerAnswers.fixture("kraken-unavailable.json"));
    servers.get("coinbase").answer(502, "<html>Bad Gateway</html>");
    servers.get("bitstamp").behave(new TickerServer.Silence());
    HttpResponse<String> refused = invoiceUntil(response -> response.statusCode() == 503, "every quote to go stale");

    JsonNode problem = Buyer.parse(refused);
    assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/problem+json"));
    assertThat(problem.get("code").asText()).isEqualTo("rate_unavailable");
    assertThat(problem.get("detail").asText()).contains("nothing was invoiced");
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(problem.has("apikey")).isFalse();
    assertThat(problem.has("paymentRequest")).isFalse();
    assertThat(askForInvoice().statusCode()).isEqualTo(503);

    // two sources come back: sold again, at their price
    quote("kraken", "60000");
    quote("coinbase", "60000");
    JsonNode invoice = Buyer.parse(invoiceUntil(response -> priced200At(response, "60000"), "the sources to come back"));
    assertPricedAt(invoice, "60000");
  }
}
