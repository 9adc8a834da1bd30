package dev.payql.adapter.rates;

import dev.payql.adapter.rates.fake.TickerAnswers;
import dev.payql.adapter.rates.fake.TickerServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.domain.money.BtcUsdRate;
import dev.payql.ports.out.rates.RateUnavailableException;
import dev.payql.ports.testing.MutableClock;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The four sources as four local HTTP servers speaking their real formats; polls are made by hand
 * on a clock the test moves, so staleness is tested without waiting.
 */
class PolledExchangeRatesTest {

  private static final Duration POLL = Duration.ofSeconds(30);
  private static final Duration MAX_AGE = Duration.ofMinutes(3);

  private final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");
  private final Map<String, TickerServer> servers = new LinkedHashMap<>();
  private PolledExchangeRates rates;

  @BeforeEach
  void startSources() throws Exception {
    for (TickerSource source : TickerSource.ALL) {
      servers.put(source.name(), new TickerServer(source.path()));
    }
  }

  @AfterEach
  void stop() {
    if (rates != null) {
      rates.close();
    }
    servers.values().forEach(TickerServer::close);
  }

  private PolledExchangeRates rates(int minSources) {
    Map<String, URI> urls = new LinkedHashMap<>();
    servers.forEach((name, server) -> urls.put(name, server.baseUrl()));
    rates = new PolledExchangeRates(new RateSettings(urls, POLL, MAX_AGE, Duration.ofMillis(800), new BigDecimal("0.03"),
        minSources), clock);
    return rates;
  }

  /** Each source answers in its own format, at this price, reporting (where it does) the clock's time. */
  private void quote(String source, String usd) {
    servers.get(source).answer(TickerAnswers.answer(source, new BigDecimal(usd), clock.instant()));
  }

  private void allQuote(String kraken, String coinbase, String bitstamp, String coingecko) {
    quote("kraken", kraken);
    quote("coinbase", coinbase);
    quote("bitstamp", bitstamp);
    quote("coingecko", coingecko);
  }

  @Test
  void theRateIsTheMedianOfAllFourSourcesDatedByTheOldestQuote() {
    allQuote("97214.1", "97221.5", "97208", "97219.9");
    PolledExchangeRates rates = rates(2);

    rates.pollAll();
    clock.advance(Duration.ofSeconds(10));

    BtcUsdRate rate = rates.btcUsd();
    assertThat(rate.usdPerBtc()).isEqualByComparingTo("97217");
    assertThat(rate.sources()).containsExactly("kraken", "coinbase", "bitstamp", "coingecko");
    assertThat(rate.observedAt()).isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
    assertThat(servers.values()).allMatch(server -> server.requests() == 1);
  }

  @Test
  void aSourceDriftingFarFromTheOthersDoesNotMoveThePrice() {
    allQuote("97214.1", "97221.5", "97208", "97219.9");
    PolledExchangeRates rates = rates(2);
    rates.pollAll();
    BigDecimal honest = rates.btcUsd().usdPerBtc();

    quote("kraken", "291642.3"); // three times the others
    rates.pollAll();

    BtcUsdRate rate = rates.btcUsd();
    assertThat(rate.sources()).containsExactly("coinbase", "bitstamp", "coingecko");
    assertThat(rate.usdPerBtc()).isEqualByComparingTo("97219.9");
    assertThat(rate.usdPerBtc().subtract(honest).abs()).isLessThan(new BigDecimal("5"));
  }

  @Test
  void failingSourcesAreLeftOutAndTheOthersStillPrice() {
    allQuote("97214.1", "97221.5", "97208", "97219.9");
    servers.get("kraken").answer(TickerAnswers.fixture("kraken-unavailable.json")); // HTTP 200, error inside
    servers.get("coinbase").answer(502, "<html>Bad Gateway</html>");
    PolledExchangeRates rates = rates(2);

    rates.pollAll();

    BtcUsdRate rate = rates.btcUsd();
    assertThat(rate.sources()).containsExactly("bitstamp", "coingecko");
    assertThat(rate.usdPerBtc()).isEqualByComparingTo("97213.95");
  }

  @Test
  void sourcesThatHangAreCutOffAndDoNotHoldUpTheOthers() {
    allQuote("97214.1", "97221.5", "97208", "97219.9");
    servers.get("kraken").behave(new TickerServer.Silence());
    servers.get("bitstamp").behave(new TickerServer.StalledBody());
    PolledExchangeRates rates = rates(2);

    rates.pollAll();

    assertThat(rates.btcUsd().sources()).containsExactly("coinbase", "coingecko");
  }

  @Test
  void aSourcesLastGoodQuoteIsUsedThroughFailuresUntilItIsStale() {
    allQuote("97214.1", "97221.5", "97208", "97219.9");
    PolledExchangeRates rates = rates(2);
    rates.pollAll();

    servers.get("kraken").answer(503, "");
    servers.get("coinbase").answer("garbage");
    clock.advance(Duration.ofMinutes(2));
    quote("bitstamp", "97300");
    quote("coingecko", "97310");
    rates.pollAll();

    // kraken's and coinbase's quotes are 2 minutes old: still inside the 3 minute limit
    assertThat(rates.btcUsd().sources()).containsExactly("kraken", "coinbase", "bitstamp", "coingecko");

    clock.advance(Duration.ofMinutes(1).plusSeconds(1));
    assertThat(rates.btcUsd().sources()).containsExactly("bitstamp", "coingecko");
    assertThat(rates.btcUsd().usdPerBtc()).isEqualByComparingTo("97305");
  }

  @Test
  void aSourceThatReportsAnOldTimeIsStaleHoweverFastItAnswers() {
    allQuote("97214.1", "97221.5", "97208", "97219.9");
    // CoinGecko serving a cached price from four minutes ago
    servers.get("coingecko").answer(TickerAnswers.answer("coingecko", new BigDecimal("97219.9"),
        clock.instant().minus(Duration.ofMinutes(4))));
    PolledExchangeRates rates = rates(2);

    rates.pollAll();

    assertThat(rates.btcUsd().sources()).containsExactly("kraken", "coinbase", "bitstamp");
  }

  @Test
  void whenEverySourceIsStaleThereIsNoRateAndTheRefusalSaysWhyAndWhenToRetry() {
    allQuote("97214.1", "97221.5", "97208", "97219.9");
    PolledExchangeRates rates = rates(2);
    rates.pollAll();

    servers.get("kraken").answer(TickerAnswers.fixture("kraken-unavailable.json"));
    servers.get("coinbase").answer(404, TickerAnswers.fixture("coinbase-not-found.json"));
    servers.get("bitstamp").close();
    servers.get("coingecko").answer(429, TickerAnswers.fixture("coingecko-rate-limited.json"));
    clock.advance(MAX_AGE.plusSeconds(1));
    rates.pollAll();

    assertThatThrownBy(rates::btcUsd)
        .isInstanceOfSatisfying(RateUnavailableException.class, e -> {
          assertThat(e.retryAfter()).isEqualTo(POLL);
          assertThat(e.getMessage())
              .contains("0 fresh quote(s), 2 needed")
              .contains("kraken: last quote 97214.1 from 3 min ago, last poll failed: Kraken reports [\"EService:Unavailable\"]")
              .contains("coinbase: last quote 97221.5 from 3 min ago, last poll failed: HTTP 404")
              .contains("bitstamp: last quote 97208 from 3 min ago, last poll failed: cannot reach 127.0.0.1")
              .contains("coingecko: last quote 97219.9 from 3 min ago, last poll failed: HTTP 429");
        });
  }

  @Test
  void aRateComesBackWhenTheSourcesDo() {
    servers.values().forEach(server -> server.answer(500, ""));
    PolledExchangeRates rates = rates(2);
    rates.pollAll();
    assertThatThrownBy(rates::btcUsd).isInstanceOf(RateUnavailableException.class).hasMessageContaining("no quote yet");

    quote("coinbase", "97221.5");
    quote("bitstamp", "97208");
    rates.pollAll();

    assertThat(rates.btcUsd().sources()).containsExactly("coinbase", "bitstamp");
  }

  @Test
  void twoSourcesLeftThatDisagreeGiveNoRate() {
    allQuote("97214.1", "97221.5", "97208", "97219.9");
    servers.get("kraken").answer(500, "");
    servers.get("coinbase").answer(500, "");
    quote("coingecko", "150000");
    PolledExchangeRates rates = rates(2);

    rates.pollAll();

    assertThatThrownBy(rates::btcUsd).isInstanceOf(RateUnavailableException.class).hasMessageContaining("disagree");
  }

  @Test
  void inTheBackgroundEachSourceIsPolledOnItsIntervalAndNewPricesAreSeen() throws Exception {
    clock.set(Instant.now()); // the sources report the time of the system clock the poller runs on here
    allQuote("97214.1", "97221.5", "97208", "97219.9");
    Map<String, URI> urls = new LinkedHashMap<>();
    servers.forEach((name, server) -> urls.put(name, server.baseUrl()));
    RateSettings settings = new RateSettings(urls, Duration.ofMillis(100), Duration.ofMinutes(3), Duration.ofSeconds(2),
        new BigDecimal("0.03"), 2);

    try (PolledExchangeRates live = PolledExchangeRates.start(settings, Clock.systemUTC())) {
      assertThat(live.btcUsd().usdPerBtc()).isEqualByComparingTo("97217");
      for (String source : servers.keySet()) {
        servers.get(source).answer(TickerAnswers.answer(source, new BigDecimal("98000"), Instant.now()));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); // a hang guard, not a measurement
      while (live.btcUsd().usdPerBtc().compareTo(new BigDecimal("98000")) != 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(live.btcUsd().usdPerBtc()).isEqualByComparingTo("98000");
      assertThat(servers.values()).allMatch(server -> server.requests() >= 2);
    }
  }
}
